import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/v4/core';
import { metered } from '../db/metering.ts';
import { logger } from '../log.ts';
import { flushMetrics } from '../metrics-flush.ts';
import { annotate, invocation } from '../tracing.ts';
import { type Auth, authenticate, requireClientAccess, requirePermission } from './auth.ts';
import { fingerprintOf, idempotent } from './idempotency.ts';
import { parseRequest } from './parse.ts';
import { toProblem } from './problem.ts';
import type { Result } from './respond.ts';
import type { Route, RouteSpec } from './route.ts';

type Out<T> = T extends z.$ZodType ? z.output<T> : undefined;
type Part<S, K extends string> = S extends { request: infer R }
  ? R extends Record<K, infer P>
    ? Out<P>
    : undefined
  : undefined;

/**
 * A parsed, authenticated request, typed from its route's schemas:
 * `const endpoint = route(poolRoutes, 'POST /v1/...')` then `(req: Req<typeof endpoint>) => ...`.
 */
export interface Req<S extends RouteSpec> {
  auth: Auth;
  params: Part<S, 'params'>;
  query: Part<S, 'query'>;
  body: Part<S, 'body'>;
  /** Raw upload bytes for routes that accept them (`rawTypes`). */
  rawBody?: Buffer;
  contentType?: string;
  headers: Record<string, string | undefined>;
  requestId: string;
}

export type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
export type Response = APIGatewayProxyStructuredResultV2;

const JSON_TYPE = 'application/json';

function toResponse(result: Result, spec: RouteSpec): Response {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) return { statusCode: result.status, headers };
  if (typeof result.body === 'string') {
    headers['content-type'] ??= spec.response.contentType ?? 'text/plain; charset=utf-8';
    return { statusCode: result.status, headers, body: result.body };
  }
  // Binary files (an XLSX export): API Gateway decodes a base64 body flagged as such.
  if (Buffer.isBuffer(result.body)) {
    headers['content-type'] ??= spec.response.contentType ?? 'application/octet-stream';
    return {
      statusCode: result.status,
      headers,
      body: result.body.toString('base64'),
      isBase64Encoded: true,
    };
  }
  headers['content-type'] = `${JSON_TYPE}; charset=utf-8`;
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}

function problemResponse(error: unknown, event: Event): Response {
  const problem = toProblem(error, event.rawPath);
  if (problem.status >= 500) logger.error('request failed', { error: error as Error });
  else logger.info('request refused', { status: problem.status, code: problem.code });
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify(problem),
  };
}

/**
 * The one HTTP stack every route goes through: authenticate, check the route's permission, parse
 * path/query/body with its zod schemas, honour Idempotency-Key on POST, call the use case, and map
 * any error to problem+json. Handlers hold none of this.
 */
export function http<R extends Route>(spec: R, fn: (req: Req<R>) => Promise<Result>) {
  const { key } = spec;
  const [method] = key.split(' ');

  const run = async (event: Event, context: Context): Promise<Response> => {
    const started = Date.now();
    const { result, meter } = await metered(async () => {
      const auth = await authenticate(event);
      logger.appendKeys({ tenantId: auth.tenantId, userId: auth.userId });
      // Annotations are indexed: traces can be searched by route and by tenant.
      annotate('route', key);
      annotate('tenantId', auth.tenantId);
      if (auth.client) requireClientAccess(auth, spec, method ?? '');
      if (spec.permission) requirePermission(auth, spec.permission);
      const parsed = parseRequest(spec, event);
      const headers = event.headers ?? {};
      const req = { auth, ...parsed, headers, requestId: context.awsRequestId } as Req<R>;
      const call = () => fn(req);
      if (method !== 'POST') return call();
      const fingerprint = fingerprintOf(method, `${event.rawPath}?${event.rawQueryString ?? ''}`, event.body);
      return idempotent(auth, key, headers['idempotency-key'], fingerprint, call);
    });
    logger.info('request', {
      route: key,
      status: result.status,
      ms: Date.now() - started,
      rcu: meter.rcu,
      wcu: meter.wcu,
      itemsRead: meter.itemsRead,
    });
    const response = toResponse(result, spec);
    response.headers = {
      ...response.headers,
      'x-consumed-capacity': `rcu=${meter.rcu};wcu=${meter.wcu};items=${meter.itemsRead}`,
    };
    return response;
  };

  // The invocation's X-Ray subsegment, marked by the answer's status (a refusal is an error, a 5xx
  // a fault); never the response, which holds customers' data.
  const traced = (event: Event, context: Context) =>
    invocation(
      key,
      () => run(event, context).catch((error: unknown) => problemResponse(error, event)),
      (response) => response.statusCode,
    );

  return (
    middy<Event, Response>()
      // What the request counted (lib/metrics.ts), written once it is answered, refused or failed.
      .use({ after: flushMetrics, onError: flushMetrics })
      .use({
        before: (request) => {
          logger.resetKeys();
          logger.addContext(request.context);
        },
        onError: (request) => {
          request.response = problemResponse(request.error, request.event);
        },
      })
      .handler(traced)
  );
}
