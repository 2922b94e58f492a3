/**
 * The API's CORS policy, spelled once. The gateway answers for it, not the functions: API Gateway's
 * CORS configuration (infra/aws/stateless-stack.ts; HTTP APIs replace whatever CORS headers a
 * function returns) and the local server (infra/local/server.ts) both read it, so a header a
 * handler sets cannot be readable locally and hidden in AWS.
 */
export const cors = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
  /**
   * Response headers a browser script may read beyond the safelisted ones: optimistic locking,
   * created resources, metering, idempotent replays and the export download (file name, row count,
   * truncation flag set by functions/customers/export-customers.ts).
   */
  exposeHeaders: [
    'etag',
    'location',
    'x-consumed-capacity',
    'idempotent-replayed',
    'content-disposition',
    'x-export-rows',
    'x-export-truncated',
  ],
  maxAgeSeconds: 600,
} as const;
