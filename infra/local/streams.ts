import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { type StreamConsumerSpec, streamConsumers } from '#lib/jobs.ts';
import { failureOf, matchesConsumer, tableFailureDestination } from '../stream-replay.ts';
import { localClient } from './dynamodb.ts';
import { lambdaContext, loadHandler } from './handlers.ts';

/** Deliveries of one batch, as the event source mapping retries what its handler reports back. */
const ATTEMPTS = 5;
const RETRY_DELAY_MS = 1000;
/** The function a local consumer's failures name, as Lambda names its function in AWS. */
export const localFunctionArn = (consumer: string) =>
  `arn:aws:lambda:local:000000000000:function:${consumer}`;
const POLL_MS = 200;
const PAGE = 1000;

export interface StreamOptions {
  endpoint: string;
  tableName: string;
  log: (line: string) => void;
  consumers?: Readonly<Record<string, StreamConsumerSpec>>;
  /** Where reading starts: the whole retained stream (a fresh local table) or only what comes next. */
  from?: 'TRIM_HORIZON' | 'LATEST';
  /** Deliveries of a batch before it is bisected (or, one record left, sent to the failure destination). */
  attempts?: number;
  retryDelayMs?: number;
}

/**
 * What Lambda's event source mapping does in AWS, for the local runtime: reads the table's stream
 * from DynamoDB Local, filters each consumer's records (lib/jobs.ts), and invokes its handler with
 * batches of them, in order, retrying what the handler reports back. Each consumer has its own
 * queue, so a long SMS broadcast does not hold up the analytics.
 */
export function startStreamConsumers(opts: StreamOptions) {
  const consumers = Object.entries(opts.consumers ?? streamConsumers);
  const streams = new DynamoDBStreamsClient({
    endpoint: opts.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const queues = new Map(consumers.map(([name]) => [name, Promise.resolve()]));
  const iterators = new Map<string, string | undefined>();
  let running = true;
  let waiters: Array<() => void> = [];

  const attempts = opts.attempts ?? ATTEMPTS;
  const retryDelayMs = opts.retryDelayMs ?? RETRY_DELAY_MS;
  const failures = tableFailureDestination(consumers.map(([name]) => name));

  /**
   * As the event source mapping in AWS does (stateless-stack: reportBatchItemFailures,
   * bisectBatchOnError, an on-failure destination): retries from the first record reported back;
   * once the attempts are spent, splits what is left in two and delivers each half on its own, so
   * the records around a poisoned one are still applied; a single record that keeps failing goes
   * to the failure destination (`npm run replay` re-drives it), and the consumer moves on.
   */
  const deliver = async (
    name: string,
    spec: StreamConsumerSpec,
    at: { streamArn: string; shardId: string },
    records: StreamRecord[],
  ): Promise<void> => {
    const handler = await loadHandler(spec.handler);
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      let failed: string | undefined;
      try {
        const result = (await handler(
          { Records: pending.map((r) => ({ ...r, eventSource: 'aws:dynamodb', awsRegion: 'local' })) },
          lambdaContext(spec.handler, spec.timeoutSeconds * 1000),
        )) as DynamoDBBatchResponse | undefined;
        failed = result?.batchItemFailures?.[0]?.itemIdentifier;
      } catch (error) {
        // A function error: Lambda delivers the whole batch again, as it does for a reported failure.
        opts.log(`${name} failed (attempt ${attempt}): ${(error as Error).message}`);
        failed = pending[0]?.dynamodb?.SequenceNumber ?? '';
      }
      if (failed === undefined) return;
      pending = pending.slice(
        Math.max(
          0,
          pending.findIndex((r) => r.dynamodb?.SequenceNumber === failed),
        ),
      );
      if (attempt >= attempts) {
        if (pending.length > 1) {
          const half = Math.ceil(pending.length / 2);
          await deliver(name, spec, at, pending.slice(0, half));
          await deliver(name, spec, at, pending.slice(half));
          return;
        }
        opts.log(
          `${name}: gave up on record ${failed} after ${attempts} deliveries: to the failure destination`,
        );
        await failures.record(name, failureOf(at.streamArn, at.shardId, localFunctionArn(name), pending));
        return;
      }
      await sleep(retryDelayMs);
    }
  };

  const dispatch = (at: { streamArn: string; shardId: string }, records: StreamRecord[]) => {
    for (const [name, spec] of consumers) {
      const mine = records.filter((r) => matchesConsumer(spec, r));
      for (let i = 0; i < mine.length; i += spec.batchSize) {
        const batch = mine.slice(i, i + spec.batchSize);
        queues.set(
          name,
          (queues.get(name) as Promise<void>)
            .then(() => deliver(name, spec, at, batch))
            .catch((error: unknown) => opts.log(`${name} failed: ${(error as Error).message}`)),
        );
      }
    }
  };

  /** One pass over every open shard, each read up to its tip; true when it found records. */
  const pollOnce = async (streamArn: string, first: boolean) => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    let found = false;
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId as string;
      if (!iterators.has(shardId)) {
        // The shards there at the start are read from `from`; one that opens later from its beginning.
        const type = first ? (opts.from ?? 'TRIM_HORIZON') : 'TRIM_HORIZON';
        const out = await streams.send(
          new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type }),
        );
        iterators.set(shardId, out.ShardIterator);
      }
      for (let more = true; more; ) {
        const iterator = iterators.get(shardId);
        if (!iterator) break;
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: PAGE }));
        iterators.set(shardId, out.NextShardIterator);
        const records = out.Records ?? [];
        if (records.length) {
          found = true;
          dispatch({ streamArn, shardId }, records);
        }
        more = records.length === PAGE;
      }
    }
    return found;
  };

  let started: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  const loop = (async () => {
    const table = await localClient(opts.endpoint).send(
      new DescribeTableCommand({ TableName: opts.tableName }),
    );
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`Table ${opts.tableName} has no stream`);
    for (let pass = 0; running; pass += 1) {
      // Whoever waits from before this pass has everything they wrote read once it ends.
      const waiting = waiters;
      waiters = [];
      const found = await pollOnce(streamArn, pass === 0);
      if (pass === 0) started();
      if (waiting.length) {
        await Promise.all(queues.values());
        for (const resolve of waiting) resolve();
      }
      if (!found) await sleep(POLL_MS);
    }
  })()
    .catch((error: unknown) => opts.log(`stream reader stopped: ${(error as Error).message}`))
    .finally(() => {
      started();
      for (const resolve of waiters) resolve();
    });

  return {
    /** Resolves once every shard has an iterator: writes from now on will be read. */
    ready,
    /** Resolves once everything written before the call has been read and handled. */
    caughtUp: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
      }),
    /** No more reading; waits for the deliveries under way. */
    stop: async () => {
      running = false;
      await loop;
      await Promise.all(queues.values());
    },
  };
}
