import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete, batchGet, batchPut } from '../db/batch.ts';
import { db, tableName } from '../db/client.ts';
import { stripKeys } from '../db/items.ts';
import {
  aggregateKey,
  aggregateSeenKey,
  aggregateSeries,
  aggregateStates,
  TTL_ATTRIBUTE,
  targetKey,
  targetsOf,
} from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { byItem, type Counter, STATE } from './rules.ts';

/** Stream records are kept 24 hours; a replay can come no later than that. */
const SEEN_FOR_SECONDS = 2 * 24 * 3600;
const MAX_ATTEMPTS = 8;
/** What a counter item holds beside its counters. */
const BOOKKEEPING = ['owner', 'bucket', TTL_ATTRIBUTE];

type Item = Record<string, unknown>;
const metricsOf = (item: Item): Record<string, number> =>
  Object.fromEntries(
    Object.entries(stripKeys<Item>(item, BOOKKEEPING)).filter(([, value]) => typeof value === 'number'),
  ) as Record<string, number>;

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt * (0.5 + Math.random()))));

/**
 * Adds one stream record's counters, once: the record's marker is written in the same transaction
 * under the condition that it is not there yet, so a replayed record changes nothing. Returns
 * false for a replay. Other writers of the same counters (records of other shards) only make the
 * transaction conflict, and it is retried.
 */
export async function applyOnce(tenantId: string, eventId: string, counters: Counter[]): Promise<boolean> {
  const items = byItem(counters);
  let applied = false;
  // A transaction holds 100 items: a deep role tree can need more, in parts marked one by one.
  for (let part = 0; part * PART < items.length; part += 1) {
    const marker = part === 0 ? eventId : `${eventId}#${part}`;
    if (await applyPart(tenantId, [marker], items.slice(part * PART, (part + 1) * PART))) applied = true;
  }
  return applied;
}

/** Counter items per transaction, beside the record's marker. */
const PART = 99;
const MAX_ITEMS = 100;

/**
 * Applies several records' counters, each once: consecutive records are packed into one
 * transaction (their markers and their summed counters) as long as it stays within 100 items, which
 * makes a burst (an import, a rebuild of the stream) a few transactions instead of one per record.
 * A pack that meets a marker already written (a replay) is applied record by record instead.
 */
export async function applyAllOnce(
  tenantId: string,
  records: Array<{ eventId: string; counters: Counter[] }>,
): Promise<void> {
  const sizeOf = (pack: typeof records) => pack.length + byItem(pack.flatMap((r) => r.counters)).length;
  let pack: typeof records = [];
  const flush = async () => {
    // One record alone (perhaps too big for one transaction) goes in parts; a replayed pack record by record.
    const alone = pack.length === 1 || sizeOf(pack) > MAX_ITEMS;
    const applied =
      !alone &&
      (await applyPart(
        tenantId,
        pack.map((r) => r.eventId),
        byItem(pack.flatMap((r) => r.counters)),
      ));
    if (!applied) for (const r of pack) await applyOnce(tenantId, r.eventId, r.counters);
    pack = [];
  };
  for (const record of records) {
    if (record.counters.length === 0 || pack.some((r) => r.eventId === record.eventId)) continue;
    if (pack.length > 0 && sizeOf([...pack, record]) > MAX_ITEMS) await flush();
    pack.push(record);
  }
  if (pack.length > 0) await flush();
}

async function applyPart(
  tenantId: string,
  markers: string[],
  items: ReturnType<typeof byItem>,
): Promise<boolean> {
  const expiresAt = Math.floor(Date.now() / 1000) + SEEN_FOR_SECONDS;
  const TransactItems = [
    ...markers.map((marker) => ({
      Put: {
        TableName: tableName(),
        Item: { ...aggregateSeenKey(tenantId, marker), type: 'aggregateSeen', [TTL_ATTRIBUTE]: expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
    ...items.map((item) => {
      const metrics = Object.entries(item.metrics);
      return {
        Update: {
          TableName: tableName(),
          Key: aggregateKey(tenantId, item.owner, item.bucket),
          UpdateExpression: `SET #type = :type, #owner = :owner, #bucket = :bucket ADD ${metrics
            .map((_, i) => `#m${i} :m${i}`)
            .join(', ')}`,
          ExpressionAttributeNames: {
            '#type': 'type',
            '#owner': 'owner',
            '#bucket': 'bucket',
            ...Object.fromEntries(metrics.map(([name], i) => [`#m${i}`, name])),
          },
          ExpressionAttributeValues: {
            ':type': 'aggregate',
            ':owner': item.owner,
            ':bucket': item.bucket,
            ...Object.fromEntries(metrics.map(([, n], i) => [`:m${i}`, n])),
          },
        },
      };
    }),
  ];
  for (let attempt = 0; ; attempt += 1) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems }));
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      if (reasons.slice(0, markers.length).includes('ConditionalCheckFailed')) return false;
      if (attempt + 1 >= MAX_ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
}

/** The state items (customers by dimension, deals by stage) of the given owners: one BatchGet. */
export async function getStates(
  tenantId: string,
  owners: string[],
): Promise<Map<string, Record<string, number>>> {
  const items = await batchGet(owners.map((owner) => aggregateKey(tenantId, owner, STATE)));
  return new Map(items.map((item) => [item.sk as string, metricsOf(item)]));
}

/** The stored buckets of each owner within the sort-key ranges: one Query per owner and range. */
export async function getSeries(
  tenantId: string,
  owners: string[],
  ranges: Array<[string, string]>,
): Promise<Map<string, Array<{ bucket: string; metrics: Record<string, number> }>>> {
  const series = await Promise.all(
    owners.map(async (owner) => {
      const { pk } = aggregateSeries(tenantId, owner);
      const pages = await Promise.all(
        ranges.map((between) => queryAll<Item>({ tenantId, pk, sk: { between } })),
      );
      return [
        owner,
        pages.flat().map((item) => ({ bucket: item.sk as string, metrics: metricsOf(item) })),
      ] as const;
    }),
  );
  return new Map(series);
}

// ---- rebuild --------------------------------------------------------------------------------------

/**
 * Replaces the tenant's aggregates with `counters` (summed from the source items): the owners'
 * items are deleted, then the new ones written. Run it while the tenant is quiet: a record the
 * stream applies between the two steps is lost or counted twice.
 */
export async function replaceAggregates(
  tenantId: string,
  owners: string[],
  counters: Counter[],
): Promise<void> {
  const { pk } = aggregateStates(tenantId);
  const old = [
    ...(await queryAll<Item>({ tenantId, pk })),
    ...(
      await Promise.all(
        owners.map((owner) => queryAll<Item>({ tenantId, pk: aggregateSeries(tenantId, owner).pk })),
      )
    ).flat(),
  ];
  await batchDelete(old.map((item) => ({ pk: item.pk as string, sk: item.sk as string })));
  await batchPut(
    byItem(counters).map((item) => ({
      ...aggregateKey(tenantId, item.owner, item.bucket),
      type: 'aggregate',
      owner: item.owner,
      bucket: item.bucket,
      ...item.metrics,
    })),
  );
}

// ---- targets --------------------------------------------------------------------------------------

export interface StoredTarget {
  period: string;
  metric: string;
  subject: string;
  value: number;
  updatedAt: string;
  updatedBy: string;
}

export async function getTargets(tenantId: string, period: string): Promise<StoredTarget[]> {
  const items = await queryAll<Item>({ tenantId, pk: targetsOf(tenantId, period).pk });
  return items.map((item) => ({
    period: item.period as string,
    metric: item.metric as string,
    subject: item.subject as string,
    value: item.value as number,
    updatedAt: item.updatedAt as string,
    updatedBy: item.updatedBy as string,
  }));
}

/** Sets (value > 0) or removes (value 0) targets; each target is its own item, so writers of different targets never collide. */
export async function putTargets(tenantId: string, targets: StoredTarget[]): Promise<void> {
  const keyOf = (t: StoredTarget) => targetKey(tenantId, t.period, t.metric, t.subject);
  await batchPut(targets.filter((t) => t.value > 0).map((t) => ({ ...keyOf(t), type: 'target', ...t })));
  await batchDelete(targets.filter((t) => t.value === 0).map(keyOf));
}
