import { startStreamConsumers } from '#infra/local/streams.ts';
import { streamConsumers } from '#lib/jobs.ts';

export { contract, customer, product } from '#tests/integration/pipeline/world.ts';

/**
 * The lifecycle consumers as they run locally: reading the table's stream from DynamoDB Local and
 * invoking their handlers. `settled` waits twice: a tier that moves writes its customer again, and
 * that write is on the stream too.
 */
export async function startLifecycle(names: Array<keyof typeof streamConsumers>) {
  const streams = startStreamConsumers({
    endpoint: process.env.DYNAMODB_ENDPOINT as string,
    tableName: process.env.TABLE_NAME as string,
    log: (line) => console.error(line),
    consumers: Object.fromEntries(names.map((n) => [n, streamConsumers[n]])),
    from: 'LATEST',
  });
  await streams.ready;
  return {
    ...streams,
    settled: async () => {
      await streams.caughtUp();
      await streams.caughtUp();
    },
  };
}

export function expectOk<T = any>(
  res: { status: number; text: string; body: T },
  status: number,
  what: string,
): T {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${res.text}`);
  return res.body;
}
