import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { stripKeys } from '../db/items.ts';
import { tenantOfKey } from '../db/keys.ts';
import { isConditionFailed } from '../db/write.ts';
import { packCustomer } from './packed.ts';
import { customerItem, toRecord } from './repository.ts';
import type { CustomerRecord } from './rules.ts';

/**
 * The one-time backfill for a table written before customer records were packed (lib/db/README.md,
 * "Packed customer records on a table that exists"): rewrites every customer item as a save now
 * writes it (its `rec`, its to-do entries on `customerAgenda`), gives every tag copy and tier copy
 * its `rec`, and turns every name-search copy's `customer` into `rec`. Nothing a reader sees changes
 * (no version, no `updatedAt`, no list moves), and each write is conditional on the item being as
 * read, so a save meanwhile (which packs the record itself) wins and the item is left to it.
 * Idempotent: what has `rec` already is not read twice as work, so a re-run after a crash finishes.
 *
 * It scans the whole table once, across tenants: a migration visits every item of a kind, which
 * is what a Scan is for; `segment`/`segments` split it between workers (parallel scan).
 */

type Item = Record<string, unknown>;

export interface PackBackfill {
  scanned: number;
  packed: number;
  /** Changed by a save between the read and the write: that save packed them. */
  overtaken: number;
}

const CONCURRENCY = 16;
/** Bookkeeping of a tier copy (lib/lifecycle/repository.ts tierCopyItem) that is not the record. */
const TIER_COPY_EXTRAS = ['lifecycle', 'customerVersion'];

type Packing =
  | { put: Item; condition: string; names: Record<string, string>; values: Item }
  | { update: string; condition: string; names: Record<string, string>; values: Item };

function packing(item: Item): Packing | null {
  if ('rec' in item) return null;
  switch (item.type) {
    case 'customer': {
      // Rewritten whole as a save writes it: `rec`, and its to-do entries moved to customerAgenda.
      const tenantId = tenantOfKey(item.pk as string) as string;
      return {
        put: customerItem(tenantId, toRecord(item)),
        condition: 'attribute_not_exists(rec) AND #v = :v',
        names: { '#v': 'version' },
        values: { ':v': item.version },
      };
    }
    case 'customerTag':
    case 'customerTier': {
      const tier = item.type === 'customerTier';
      const record = stripKeys<CustomerRecord>(item, tier ? TIER_COPY_EXTRAS : []);
      return {
        update: 'SET rec = :rec',
        condition: 'attribute_not_exists(rec) AND #v = :v',
        names: { '#v': tier ? 'customerVersion' : 'version' },
        values: { ':rec': packCustomer(record), ':v': tier ? item.customerVersion : item.version },
      };
    }
    case 'customerSearch': {
      const customer = item.customer as CustomerRecord | undefined;
      if (!customer) return null;
      return {
        update: 'SET rec = :rec REMOVE #customer',
        condition: 'attribute_not_exists(rec) AND #customer.#v = :v',
        names: { '#customer': 'customer', '#v': 'version' },
        values: { ':rec': packCustomer(customer), ':v': customer.version },
      };
    }
    default:
      return null;
  }
}

async function pack(item: Item): Promise<'packed' | 'overtaken' | 'skipped'> {
  const p = packing(item);
  if (!p) return 'skipped';
  const conditional = {
    TableName: tableName(),
    ConditionExpression: p.condition,
    ExpressionAttributeNames: p.names,
    ExpressionAttributeValues: p.values,
  };
  try {
    if ('put' in p) await db().send(new PutCommand({ ...conditional, Item: p.put }));
    else
      await db().send(
        new UpdateCommand({ ...conditional, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: p.update }),
      );
    return 'packed';
  } catch (error) {
    if (isConditionFailed(error)) return 'overtaken';
    throw error;
  }
}

export async function packStoredCustomers(
  opts: { segment?: number; segments?: number; onPage?: (progress: PackBackfill) => void } = {},
): Promise<PackBackfill> {
  const progress: PackBackfill = { scanned: 0, packed: 0, overtaken: 0 };
  let start: Item | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: '#type IN (:customer, :tag, :tier, :search) AND attribute_not_exists(rec)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':customer': 'customer',
          ':tag': 'customerTag',
          ':tier': 'customerTier',
          ':search': 'customerSearch',
        },
        ...(opts.segments ? { Segment: opts.segment ?? 0, TotalSegments: opts.segments } : {}),
        ExclusiveStartKey: start,
      }),
    );
    progress.scanned += page.ScannedCount ?? 0;
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += CONCURRENCY) {
      const outcomes = await Promise.all(items.slice(i, i + CONCURRENCY).map(pack));
      for (const outcome of outcomes) if (outcome !== 'skipped') progress[outcome] += 1;
    }
    opts.onPage?.(progress);
    start = page.LastEvaluatedKey;
  } while (start);
  return progress;
}
