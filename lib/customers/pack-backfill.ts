import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { stripKeys } from '../db/items.ts';
import { customerChildPrefix, customerKey, customerSearchKey, type Key, tierCopyKey } from '../db/keys.ts';
import { packRecord } from '../db/packed.ts';
import { queryAll } from '../db/query.ts';
import { isConditionFailed } from '../db/write.ts';
import { allCustomerIds } from './all-customers.ts';
import { customerItem, toRecord } from './repository.ts';
import type { CustomerRecord } from './rules.ts';

/**
 * The one-time backfill of one tenant whose customers were saved before records were packed
 * (lib/db/README.md, "Packed customer records on a table that exists"): each customer item not
 * stored as a save now stores it is rewritten so (its `rec` beside the few attributes DynamoDB reads,
 * its to-do entry on `customerAgenda`, no entry of its own on `customersByOwner` while active), its
 * tag copies and tier copy get their `rec`, its name-search copy's `customer` becomes `rec`. Nothing
 * a reader sees changes (no version, no `updatedAt`, no list moves), and each write is conditional
 * on the item being as read, so a save meanwhile (which writes the new shape itself) wins and the
 * item is left to it. Idempotent: what has the new shape is left alone, so a re-run after a crash
 * finishes the work.
 *
 * It finds the customers as the lists do (`allCustomerIds`: Queries, never a Scan) and reads each
 * one's items by key and by prefix.
 */

type Item = Record<string, unknown>;

export interface PackBackfill {
  customers: number;
  packed: number;
  /** Changed by a save between the read and the write: that save packed them. */
  overtaken: number;
}

/** Customers at a time: a backfill must not starve the tenant's requests. */
const CONCURRENCY = 8;
/** Bookkeeping of a tier copy (lib/lifecycle/repository.ts tierCopyItem) that is not the record. */
const TIER_COPY_EXTRAS = ['lifecycle', 'customerVersion'];

type Write = { put: Item } | { key: Key; update: string };
type Packing = Write & { condition: string; names: Record<string, string>; values: Item };

const get = async (Key: Key): Promise<Item | undefined> =>
  (await db().send(new GetCommand({ TableName: tableName(), Key, ConsistentRead: true }))).Item;

async function write(p: Packing): Promise<'packed' | 'overtaken'> {
  const conditional = {
    TableName: tableName(),
    ConditionExpression: p.condition,
    ExpressionAttributeNames: p.names,
    ExpressionAttributeValues: p.values,
  };
  try {
    if ('put' in p) await db().send(new PutCommand({ ...conditional, Item: p.put }));
    else await db().send(new UpdateCommand({ ...conditional, Key: p.key, UpdateExpression: p.update }));
    return 'packed';
  } catch (error) {
    if (isConditionFailed(error)) return 'overtaken';
    throw error;
  }
}

/** A copy that holds the record in its attributes (`version` names the attribute of its version). */
const packCopy = (item: Item, record: Item, version: string): Packing => ({
  key: { pk: item.pk as string, sk: item.sk as string },
  update: 'SET rec = :rec',
  condition: 'attribute_not_exists(rec) AND #v = :v',
  names: { '#v': version },
  values: { ':rec': packRecord(record as unknown as CustomerRecord), ':v': item[version] },
});

/** Whether an item has the attributes (keys included) a save would give it: its values follow from them. */
const sameAttributes = (stored: Item, fresh: Item) => {
  const names = Object.keys(fresh);
  return names.length === Object.keys(stored).length && names.every((name) => name in stored);
};

/** What one customer's items need, read now. */
async function packingsOf(tenantId: string, id: string): Promise<Packing[]> {
  const item = await get(customerKey(tenantId, id));
  if (!item) return [];
  const record = toRecord(item);
  const tags = customerChildPrefix(tenantId, id, 'tag');
  const nameTerm = record.searchTerms.find((t) => t.kinds.includes('name'));
  const [tagCopies, tierCopy, nameCopy] = await Promise.all([
    queryAll<Item>({ tenantId, pk: tags.pk, sk: { beginsWith: tags.skPrefix }, consistent: true }),
    get(tierCopyKey(tenantId, id)),
    nameTerm ? get(customerSearchKey(tenantId, record.state, nameTerm.term, id)) : undefined,
  ]);
  const packings: Packing[] = [];
  const fresh = customerItem(tenantId, record);
  if (!sameAttributes(item, fresh))
    packings.push({
      put: fresh,
      condition: '#v = :v',
      names: { '#v': 'version' },
      values: { ':v': item.version },
    });
  for (const copy of tagCopies)
    if (!('rec' in copy)) packings.push(packCopy(copy, stripKeys(copy), 'version'));
  if (tierCopy && !('rec' in tierCopy))
    packings.push(packCopy(tierCopy, stripKeys(tierCopy, TIER_COPY_EXTRAS), 'customerVersion'));
  const copied = nameCopy?.customer as CustomerRecord | undefined;
  if (nameCopy && copied && !('rec' in nameCopy))
    packings.push({
      key: { pk: nameCopy.pk as string, sk: nameCopy.sk as string },
      update: 'SET rec = :rec REMOVE #customer',
      condition: 'attribute_not_exists(rec) AND #customer.#v = :v',
      names: { '#customer': 'customer', '#v': 'version' },
      values: { ':rec': packRecord(copied), ':v': copied.version },
    });
  return packings;
}

export async function packTenantCustomers(tenantId: string): Promise<PackBackfill> {
  const ids = await allCustomerIds(tenantId);
  const progress: PackBackfill = { customers: 0, packed: 0, overtaken: 0 };
  for (let i = 0; i < ids.length; i += CONCURRENCY) {
    await Promise.all(
      ids.slice(i, i + CONCURRENCY).map(async (id) => {
        for (const outcome of await Promise.all((await packingsOf(tenantId, id)).map(write)))
          progress[outcome] += 1;
        progress.customers += 1;
      }),
    );
  }
  return progress;
}
