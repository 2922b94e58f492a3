import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamConsumers } from '#infra/local/streams.ts';
import { replayFailures, tableFailureDestination } from '#infra/stream-replay.ts';
import { db, tableName } from '#lib/db/client.ts';
import type { StreamConsumerSpec } from '#lib/jobs.ts';
import { probeKeys } from './probe-consumer.ts';

/** A consumer of `probe` items whose handler fails on a poisoned one until its run is cured. */
const consumers: Record<string, StreamConsumerSpec> = {
  'stream-probe': {
    summary: 'test consumer with an injected fault',
    handler: 'tests/integration/streams/probe-consumer.ts',
    on: { events: ['INSERT'], itemTypes: ['probe'] },
    batchSize: 10,
    access: 'readWrite',
    timeoutSeconds: 60,
  },
};
const destination = tableFailureDestination(Object.keys(consumers));
const streamsClient = new DynamoDBStreamsClient({
  endpoint: process.env.DYNAMODB_ENDPOINT as string,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const replay = () => replayFailures({ destination, streams: streamsClient, consumers });

let reader: ReturnType<typeof startStreamConsumers>;
beforeAll(async () => {
  reader = startStreamConsumers({
    endpoint: process.env.DYNAMODB_ENDPOINT as string,
    tableName: process.env.TABLE_NAME as string,
    log: () => {},
    consumers,
    from: 'LATEST',
    attempts: 2,
    retryDelayMs: 0,
  });
  await reader.ready;
});
afterAll(() => reader.stop());

const put = (item: Record<string, unknown>) =>
  db().send(new PutCommand({ TableName: tableName(), Item: item }));

async function counter(run: string) {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: probeKeys(run).counter, ConsistentRead: true }),
  );
  return { applied: (out.Item?.applied as number) ?? 0, ids: (out.Item?.ids as string[]) ?? [] };
}

describe('a stream record its consumer keeps failing on', () => {
  it('goes to the failure destination while the rest of its batch is applied; replay applies it once', async () => {
    const run = randomUUID();
    const keys = probeKeys(run);
    // One transaction: the three records reach the consumer together, the poisoned one in the middle.
    await db().send(
      new TransactWriteCommand({
        TransactItems: ['a', 'b', 'c'].map((id) => ({
          Put: {
            TableName: tableName(),
            Item: { ...keys.item(id), type: 'probe', run, id, ...(id === 'b' ? { poison: true } : {}) },
          },
        })),
      }),
    );

    await reader.caughtUp();

    expect(await counter(run)).toEqual({ applied: 2, ids: ['a', 'c'] });
    const waiting = await destination.pending(100);
    expect(waiting).toHaveLength(1);
    const info = waiting[0]?.failure.DDBStreamBatchInfo;
    expect(info).toMatchObject({ batchSize: 1, shardId: expect.any(String) });
    expect(info?.startSequenceNumber).toBe(info?.endSequenceNumber);

    // Still poisoned: the replay fails and the failure stays where it is.
    expect(await replay()).toMatchObject({ replayed: 0, failed: 1 });
    expect(await destination.pending(100)).toHaveLength(1);

    await put({ ...keys.cured, type: 'probeCure' });
    const first = await replay();
    const second = await replay();

    expect(first).toMatchObject({ replayed: 1, failed: 0, skipped: 0 });
    expect(second).toMatchObject({ replayed: 0, failed: 0, skipped: 0 });
    expect(await counter(run)).toEqual({ applied: 3, ids: ['a', 'c', 'b'] });
    expect(await destination.pending(100)).toHaveLength(0);
  });

  it('changes nothing when a failure already replayed is replayed again (removal lost in a crash)', async () => {
    const run = randomUUID();
    const keys = probeKeys(run);
    await put({ ...keys.item('x'), type: 'probe', run, id: 'x', poison: true });
    await reader.caughtUp();
    const [waiting] = await destination.pending(100);
    if (!waiting) throw new Error('no failure recorded');
    await put({ ...keys.cured, type: 'probeCure' });
    expect(await replay()).toMatchObject({ replayed: 1 });

    await destination.record('stream-probe', waiting.failure);
    const again = await replay();

    expect(again).toMatchObject({ replayed: 1, failed: 0 });
    expect(await counter(run)).toEqual({ applied: 1, ids: ['x'] });
  });
});
