import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete } from '../db/batch.ts';
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
  tierMoveKey,
  timelineEntryKey,
  timelinePartition,
} from '../db/keys.ts';
import { unpacked } from '../db/packed.ts';
import { jobPages, type Page, queryAll, queryPage } from '../db/query.ts';
import { commitSteps, deleteStep, isConditionFailed, putStep, type Step } from '../db/write.ts';
import { DEFAULT_TIER, type Tier } from '../tiers.ts';
import type { TimelineEntry } from './schemas.ts';
import type { TimelineDraft } from './timeline-rules.ts';

/** The lifecycle's reads and writes: customers' deals for their tier, the tier copies, the timeline. */

type Item = Record<string, unknown>;

/** The lifecycle writes only what a newer state has not overwritten: a lost race leaves it to the newer record. */
export class Superseded extends Error {}

const get = async (key: Key): Promise<Item | undefined> =>
  (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

/** The customer item as stored now, every attribute (its list-index keys too, its record unpacked). */
export const customerItemNow = async (tenantId: string, customerId: string) => {
  const item = await get(customerKey(tenantId, customerId));
  return item && unpacked(item);
};

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

export interface TierFactsStored {
  wonDeals: number;
  lastActivityAt: string | null;
  dormantAt: string | null;
  tierSince: string | null;
}

/**
 * The tier copy of a customer item (also what the bench seeds): the record with its tier, the
 * item's list entries in the tier's partitions, and the dormancy schedule while it can fall dormant.
 * The record is the item's packed one (`rec`, which the list indexes project); an item saved before
 * records were packed lends its attributes instead.
 */
export const tierCopyItem = (tenantId: string, customer: Item, tier: Tier, facts: TierFactsStored) => ({
  ...tierCopyKey(tenantId, customer.id as string),
  type: 'customerTier',
  ...(customer.rec ? { id: customer.id, rec: customer.rec } : stripKeys<Item>(customer)),
  tier,
  customerVersion: customer.version as number,
  lifecycle: facts,
  ...customerTierKeys(customer, tier),
  ...(facts.dormantAt ? dormancySchedule(tenantId, customer.id as string, facts.dormantAt) : {}),
});

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
  const copy = tierCopyItem(w.tenantId, c, w.tier, {
    wonDeals: w.wonDeals,
    lastActivityAt: w.lastActivityAt,
    dormantAt: w.dormantAt,
    tierSince: moved ? w.at : ((c.tierSince as string | undefined) ?? (c.createdAt as string)),
  });
  const superseded = () => new Superseded();
  const steps: Step[] = [
    putStep(copy, superseded, {
      expression: 'attribute_not_exists(pk) OR customerVersion <= :v',
      values: { ':v': version },
    }),
  ];
  if (moved) {
    // The move itself, counted by the analytics projection for the owner's teams (lib/analytics).
    steps.push(
      putStep(
        {
          ...tierMoveKey(w.tenantId, id, w.at, w.tier),
          type: 'tierMove',
          customerId: id,
          from: (c.tier as Tier | undefined) ?? DEFAULT_TIER,
          to: w.tier,
          at: w.at,
          state: c.state,
          ownerId: c.ownerId ?? null,
          ownerRolePath: c.ownerRolePath ?? null,
        },
        superseded,
        { expression: 'attribute_not_exists(pk)' },
      ),
    );
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

// ---- timeline ------------------------------------------------------------------------------------

/** An entry's id is its sort key: the instant and what it records, unique in the customer's timeline. */
const toEntry = (item: Item): TimelineEntry => {
  const {
    customerId: _c,
    key: _k,
    ...entry
  } = stripKeys<TimelineEntry & { customerId: string; key: string }>(item);
  return { ...entry, id: item.sk as string };
};

/** Writes each entry unless it is there already (a redelivery, a child a merge moved): how many were new. */
export async function putTimelineEntries(tenantId: string, drafts: TimelineDraft[]): Promise<number> {
  const outcomes = await Promise.all(
    drafts.map(async (d) => {
      const { key, ...rest } = d;
      try {
        await db().send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...timelineEntryKey(tenantId, d.customerId, d.at, key),
              type: 'timelineEntry',
              key,
              ...rest,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 1;
      } catch (error) {
        if (isConditionFailed(error)) return 0;
        throw error;
      }
    }),
  );
  return outcomes.reduce<number>((a, b) => a + b, 0);
}

/**
 * Moves a merged source's entries to the target's timeline (same sort keys, so an entry both have,
 * from a child the merge moved, stays one) and deletes them from the source: a rerun after a crash
 * copies what is left and deletes it.
 */
export async function moveTimeline(tenantId: string, sourceId: string, targetId: string): Promise<void> {
  const { pk } = timelinePartition(tenantId, sourceId);
  const items = await queryAll<Item>({ tenantId, pk, consistent: true });
  await putTimelineEntries(
    tenantId,
    items.map((i) => ({ ...stripKeys<TimelineDraft>(i), customerId: targetId })),
  );
  await batchDelete(items.map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
}

export async function timelinePage(
  tenantId: string,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<TimelineEntry>> {
  const out = await queryPage<Item>({
    tenantId,
    pk: timelinePartition(tenantId, customerId).pk,
    ascending: false,
    limit: page.limit,
    cursor: page.cursor,
    fingerprint: `timeline|${customerId}`,
  });
  return { items: out.items.map(toEntry), nextCursor: out.nextCursor };
}
