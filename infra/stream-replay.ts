import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { db, tableName } from '#lib/db/client.ts';
import { streamFailureKey, streamFailuresPrefix } from '#lib/db/keys.ts';
import type { StreamConsumerSpec } from '#lib/jobs.ts';
import { constructId } from './construct-id.ts';
import { lambdaContext, loadHandler } from './local/handlers.ts';

/**
 * Stream batches a consumer gave up on, and their replay: shared by AWS (the SQS on-failure queue,
 * infra/aws/replay.ts) and the local runtime (items on the table, infra/local/streams.ts), so both
 * re-drive a failure by the same code.
 *
 * A failure names a range of the stream, not its records (Lambda's on-failure message for a
 * DynamoDB stream carries only the batch's position): replay reads the records back from the
 * stream, which keeps them 24 hours. A failure older than that cannot be replayed from the stream;
 * the consumer's own rebuild (e.g. npm run analytics:rebuild) is the way back then.
 */

/** What Lambda sends to a DynamoDB stream event source's on-failure destination (the parts read here). */
export interface StreamFailure {
  requestContext: { functionArn: string; condition?: string; approximateInvokeCount?: number };
  timestamp?: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    streamArn: string;
    batchSize?: number;
  };
}

/** One failure waiting in a destination, with what takes it off once replayed. */
export interface PendingFailure {
  failure: StreamFailure;
  /** The consumer it belongs to, when the destination knows it (locally: always). */
  consumer?: string;
  remove: () => Promise<void>;
}

export interface FailureDestination {
  /** The failures waiting now, oldest first (at most `max`). */
  pending(max: number): Promise<PendingFailure[]>;
}

/** Whether a stream record is one a consumer's filter lets through (what its event source filters in AWS). */
export function matchesConsumer(spec: StreamConsumerSpec, record: StreamRecord): boolean {
  const event = record.eventName as 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  const image = event === 'REMOVE' ? record.dynamodb?.OldImage : record.dynamodb?.NewImage;
  const type = image?.type?.S;
  return (
    event !== undefined &&
    spec.on.events.includes(event) &&
    type !== undefined &&
    spec.on.itemTypes.includes(type)
  );
}

/** A failure naming `records` (consecutive, of one shard) of the consumer whose function is `functionArn`. */
export function failureOf(streamArn: string, shardId: string, functionArn: string, records: StreamRecord[]) {
  const seq = (r: StreamRecord | undefined) => r?.dynamodb?.SequenceNumber ?? '';
  return {
    requestContext: { functionArn, condition: 'RetryAttemptsExhausted' },
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: seq(records[0]),
      endSequenceNumber: seq(records.at(-1)),
      streamArn,
      batchSize: records.length,
    },
  } satisfies StreamFailure;
}

// ---- the local destination: items on the table --------------------------------------------------

/** The local runtime's failure destination of the given consumers: one item per failed batch. */
export function tableFailureDestination(consumers: readonly string[]) {
  return {
    async record(consumer: string, failure: StreamFailure): Promise<void> {
      const info = failure.DDBStreamBatchInfo;
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...streamFailureKey(consumer, info.shardId, info.startSequenceNumber),
            type: 'streamFailure',
            consumer,
            failure,
          },
        }),
      );
    },
    async pending(max: number): Promise<PendingFailure[]> {
      const found: PendingFailure[] = [];
      for (const consumer of consumers) {
        if (found.length >= max) break;
        const out = await db().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': streamFailuresPrefix(consumer).pk },
            ConsistentRead: true,
            Limit: max - found.length,
          }),
        );
        for (const item of out.Items ?? [])
          found.push({
            failure: item.failure as StreamFailure,
            consumer,
            remove: async () => {
              await db().send(
                new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }),
              );
            },
          });
      }
      return found;
    },
  } satisfies FailureDestination & { record: unknown };
}

// ---- replay ----------------------------------------------------------------------------------------

const before = (a: string, b: string) => BigInt(a) <= BigInt(b);
/** Empty pages in a row after which the range is taken as read (an open shard's tip answers empty). */
const EMPTY_PAGES = 3;

/** The records of a failure's range, read back from the stream (GetShardIterator AT_SEQUENCE_NUMBER). */
export async function recordsOf(
  streams: DynamoDBStreamsClient,
  failure: StreamFailure,
): Promise<StreamRecord[]> {
  const info = failure.DDBStreamBatchInfo;
  const start = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: info.streamArn,
      ShardId: info.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: info.startSequenceNumber,
    }),
  );
  const records: StreamRecord[] = [];
  let iterator = start.ShardIterator;
  for (let empty = 0; iterator && empty < EMPTY_PAGES; ) {
    const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    iterator = out.NextShardIterator;
    const page = out.Records ?? [];
    empty = page.length === 0 ? empty + 1 : 0;
    for (const record of page) {
      const seq = record.dynamodb?.SequenceNumber ?? '0';
      if (!before(seq, info.endSequenceNumber)) return records;
      records.push(record);
    }
  }
  return records;
}

/** Runs a consumer's handler on records as its event source would; true when none failed. */
export async function invokeConsumer(spec: StreamConsumerSpec, records: StreamRecord[]): Promise<boolean> {
  if (records.length === 0) return true;
  const handler = await loadHandler(spec.handler);
  const result = (await handler(
    {
      Records: records.map((r) => ({ ...r, eventSource: 'aws:dynamodb', awsRegion: r.awsRegion ?? 'local' })),
    },
    lambdaContext(spec.handler, spec.timeoutSeconds * 1000),
  )) as DynamoDBBatchResponse | undefined;
  return (result?.batchItemFailures ?? []).length === 0;
}

export interface ReplayReport {
  replayed: number;
  /** Still failing: left in the destination. */
  failed: number;
  /** Not replayable here (unknown consumer, or out of the stream's 24 h): left in the destination. */
  skipped: number;
  lines: string[];
}

/**
 * Re-drives every failure waiting in `destination`: reads its records back from the stream, keeps
 * those its consumer's filter lets through, runs the consumer's handler on them, and takes the
 * failure off only when the handler succeeded. Consumers are idempotent, so a failure replayed
 * twice (a crash between the run and the removal) changes nothing the second time.
 */
export async function replayFailures(opts: {
  destination: FailureDestination;
  streams: DynamoDBStreamsClient;
  consumers: Readonly<Record<string, StreamConsumerSpec>>;
  /** The consumer a failure from AWS belongs to (from its function); the destination may know already. */
  consumerOf?: (failure: StreamFailure) => string | undefined;
  max?: number;
}): Promise<ReplayReport> {
  const report: ReplayReport = { replayed: 0, failed: 0, skipped: 0, lines: [] };
  for (const pending of await opts.destination.pending(opts.max ?? 100)) {
    const info = pending.failure.DDBStreamBatchInfo;
    const where = `${info.shardId} ${info.startSequenceNumber}..${info.endSequenceNumber}`;
    const name = pending.consumer ?? opts.consumerOf?.(pending.failure);
    const spec = name ? opts.consumers[name] : undefined;
    if (!name || !spec) {
      report.skipped += 1;
      report.lines.push(`skipped ${where}: no consumer for ${pending.failure.requestContext.functionArn}`);
      continue;
    }
    let records: StreamRecord[];
    try {
      records = await recordsOf(opts.streams, pending.failure);
    } catch (error) {
      report.skipped += 1;
      report.lines.push(`skipped ${name} ${where}: ${(error as Error).name} (past the stream's 24 h?)`);
      continue;
    }
    const mine = records.filter((r) => matchesConsumer(spec, r));
    let ok = false;
    try {
      ok = await invokeConsumer(spec, mine);
    } catch (error) {
      report.lines.push(`${name} ${where} failed again: ${(error as Error).message}`);
    }
    if (!ok) {
      report.failed += 1;
      continue;
    }
    await pending.remove();
    report.replayed += 1;
    report.lines.push(`replayed ${name} ${where}: ${mine.length} records`);
  }
  return report;
}

/**
 * The consumer whose function a failure names: the function is the consumer itself locally, and
 * in AWS its generated name holds the consumer's construct id (`sms-broadcasts` -> `SmsBroadcasts`,
 * infra/aws/stateless-stack.ts); the longest such name wins, none when nothing matches.
 */
export function consumerOfFunction(functionArn: string, names: readonly string[]): string | undefined {
  const fn = functionArn.split(':').at(-1) ?? '';
  if (names.includes(fn)) return fn;
  return names
    .filter((name) => fn.includes(constructId(name)))
    .sort((a, b) => constructId(b).length - constructId(a).length)[0];
}
