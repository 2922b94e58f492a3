import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { stripKeys } from '../db/items.ts';
import {
  customerChildKey,
  customerChildPrefix,
  customerKey,
  customerTierKeys,
  dormancyDue,
  dormancySchedule,
  type Key,
  customerTagKey as tagCopyKey,
  tenantOfKey,
  tierCopyKey,
} from '../db/keys.ts';
import { jobPages, queryAll } from '../db/query.ts';
import { commitSteps, deleteStep, putStep, type Step } from '../db/write.ts';
import { DEFAULT_TIER, type Tier } from '../tiers.ts';

/** The lifecycle's reads and writes: customers' deals for their tier, the tier copies, the timeline. */

type Item = Record<string, unknown>;

/** The lifecycle writes only what a newer state has not overwritten: a lost race leaves it to the newer record. */
export class Superseded extends Error {}

const get = async (key: Key): Promise<Item | undefined> =>
  (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

/** The customer item as stored now, every attribute (its list-index keys too). */
export const customerItemNow = (tenantId: string, customerId: string) =>
  get(customerKey(tenantId, customerId));

export const tierCopyNow = (tenantId: string, customerId: string) => get(tierCopyKey(tenantId, customerId));

/** The customer's contracts and opportunities (its collection, two prefixes), strongly consistent. */
export async function dealsOf(
  tenantId: string,
  customerId: string,
): Promise<{ contracts: Item[]; opportunities: Item[] }> {
  const read = (kind: 'contract' | 'opportunity') => {
    const { pk, skPrefix } = customerChildPrefix(tenantId, customerId, kind);
    return queryAll<Item>({ tenantId, pk, sk: { beginsWith: skPrefix }, consistent: true });
  };
  const [contracts, opportunities] = await Promise.all([read('contract'), read('opportunity')]);
  return { contracts, opportunities };
}

export interface TierWrite {
  tenantId: string;
  /** The customer item read (consistently) for this decision. */
  customer: Item;
  tier: Tier;
  dormantAt: string | null;
  wonDeals: number;
  lastActivityAt: string | null;
  at: string;
}

const run = (steps: Step[]) =>
  commitSteps(steps, { exhausted: () => new Superseded('tier write kept conflicting') });

/**
 * The tier copy of the customer as read and, when its tier moves, the customer item (at the
 * version read: a save in between wins and brings its own stream record), its share items'
 * copies and its tag copies, in one transaction. The copy never replaces one written from a newer
 * version of the customer.
 */
export async function writeTier(w: TierWrite): Promise<void> {
  const c = w.customer;
  const id = c.id as string;
  const version = c.version as number;
  // A customer without a tier is potential: a new one costs no second write of its item.
  const moved = ((c.tier as Tier | undefined) ?? DEFAULT_TIER) !== w.tier;
  const record = { ...stripKeys<Item>(c), tier: w.tier };
  const copy = {
    ...tierCopyKey(w.tenantId, id),
    type: 'customerTier',
    ...record,
    customerVersion: version,
    lifecycle: {
      wonDeals: w.wonDeals,
      lastActivityAt: w.lastActivityAt,
      dormantAt: w.dormantAt,
      tierSince: moved ? w.at : ((c.tierSince as string | undefined) ?? (c.createdAt as string)),
    },
    ...customerTierKeys(c, w.tier),
    ...(w.dormantAt ? dormancySchedule(w.tenantId, id, w.dormantAt) : {}),
  };
  const superseded = () => new Superseded();
  const steps: Step[] = [
    putStep(copy, superseded, {
      expression: 'attribute_not_exists(pk) OR customerVersion <= :v',
      values: { ':v': version },
    }),
  ];
  if (moved) {
    steps.push({
      item: {
        Update: {
          TableName: tableName(),
          Key: customerKey(w.tenantId, id),
          UpdateExpression: 'SET tier = :tier, tierSince = :at',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':tier': w.tier, ':at': w.at, ':v': version },
        },
      },
      fail: superseded,
    });
    const shares = (c.shares as Array<{ userId: string }> | undefined) ?? [];
    for (const s of shares)
      steps.push(childUpdate(customerChildKey(w.tenantId, id, 'share', s.userId), 'customer.tier', w.tier));
    const tags = [...new Set((c.tags as string[] | undefined) ?? [])];
    for (const tag of tags) steps.push(childUpdate(tagCopyKey(w.tenantId, id, tag), 'tier', w.tier));
  }
  try {
    await run(steps);
  } catch (error) {
    if (!(error instanceof Superseded)) throw error;
  }
}

const childUpdate = (key: Key, path: string, tier: Tier): Step => {
  const [head, tail] = path.split('.');
  const names: Record<string, string> = { '#a': head as string, ...(tail ? { '#b': tail } : {}) };
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET ${tail ? '#a.#b' : '#a'} = :tier`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':tier': tier },
      },
    },
    fail: () => new Superseded(),
  };
};

/** A customer that is gone for good (purged, merged away) leaves no tier copy behind. */
export async function dropTierCopy(tenantId: string, customerId: string): Promise<void> {
  await run([deleteStep(tierCopyKey(tenantId, customerId), () => new Superseded())]);
}

/** Customers falling dormant by `by`, across tenants, earliest first (the dormancy job). */
export async function* dormancyDueBy(
  by: string,
): AsyncGenerator<Array<{ tenantId: string; customerId: string }>> {
  const q = dormancyDue(by);
  for await (const items of jobPages({
    index: q.index,
    pkName: 'scheduledPk',
    pk: q.pk,
    skName: 'scheduledSk',
    upTo: q.upTo,
  })) {
    yield items.map((i) => ({ tenantId: tenantOfKey(i.pk as string) as string, customerId: i.id as string }));
  }
}
