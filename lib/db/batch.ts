import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import type { Key } from './keys.ts';

type Item = Record<string, unknown>;

const MAX_ATTEMPTS = 8;

/** Exponential backoff with jitter, as DynamoDB asks for unprocessed batch items. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt * (0.5 + Math.random()))));

/** Items by key (100 a call), retrying what DynamoDB leaves unprocessed. Missing keys are left out. */
export async function batchGet(keys: Key[]): Promise<Item[]> {
  const table = tableName();
  const items: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Item[] }> | undefined = { [table]: { Keys: keys.slice(i, i + 100) } };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
      if (attempt > MAX_ATTEMPTS) throw new Error('BatchGetItem left keys unprocessed after retries');
      if (attempt > 0) await backoff(attempt);
      const out = await db().send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(out.Responses?.[table] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

/**
 * BatchWriteItem in chunks of 25, a few chunks in flight, retrying unprocessed items.
 * Unconditional: only for items nobody else can be writing (seeds, imports of new ids, purges).
 */
async function batchWrite(requests: WriteRequest[], parallel: number): Promise<void> {
  const table = tableName();
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
  const writeChunk = async (chunk: WriteRequest[]) => {
    let request: Record<string, WriteRequest[]> | undefined = { [table]: chunk };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
      if (attempt > MAX_ATTEMPTS) throw new Error('BatchWriteItem left items unprocessed after retries');
      if (attempt > 0) await backoff(attempt);
      const out = await db().send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await writeChunk(chunks[next++] as WriteRequest[]);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
}

export const batchPut = (items: Item[], parallel = 4) =>
  batchWrite(
    items.map((Item) => ({ PutRequest: { Item } })),
    parallel,
  );

export const batchDelete = (keys: Key[], parallel = 4) =>
  batchWrite(
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    parallel,
  );
