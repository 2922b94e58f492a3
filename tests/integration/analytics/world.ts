import { startStreamConsumers } from '#infra/local/streams.ts';
import { streamConsumers } from '#lib/jobs.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

/**
 * The analytics projection as it runs locally: reading the table's stream from DynamoDB Local and
 * invoking functions/analytics/project.ts with its records. Other test files write to the same
 * table meanwhile; their tenants are projected too, which changes nothing for ours.
 */
export async function startProjection() {
  const streams = startStreamConsumers({
    endpoint: process.env.DYNAMODB_ENDPOINT as string,
    tableName: process.env.TABLE_NAME as string,
    log: (line) => console.error(line),
    consumers: { analytics: streamConsumers.analytics },
    from: 'LATEST',
  });
  await streams.ready;
  return streams;
}

export function expectOk<T = any>(
  res: { status: number; text: string; body: T },
  status: number,
  what: string,
): T {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${res.text}`);
  return res.body;
}

/** An analytics report as the caller gets it. */
export async function report(
  key: Parameters<typeof invoke>[0],
  handler: Parameters<typeof invoke>[1],
  as: Caller,
  query: Record<string, string> = {},
) {
  return invoke(key, handler, { as, query });
}
