// The customer lifecycle (lib/lifecycle): tiers and the timeline.

import type { Tier } from '../../tiers.ts';
import { SEP, t } from './parts.ts';
import { type IndexName, indexKeys, type Key } from './table.ts';

/*
 * Outside the customer's item collection on purpose: a merge moves or refuses every item of a
 * source's collection, and these belong to the lifecycle consumers, which rewrite them from the stream.
 *
 *   T#t#LIFE#<customerId>  TIER             the tier copy: the customer record with its tier, on the
 *                                           customer's list indexes in the tier's partitions, and on
 *                                           `scheduled` at its dormantAt while it can fall dormant
 *   T#t#TL#<customerId>    <at>#<entryKey>  timeline entries, newest first by a descending Query
 */

/** The one tier copy of a customer. */
export const tierCopyKey = (tenantId: string, customerId: string): Key => ({
  pk: `${t(tenantId)}${SEP}LIFE${SEP}${customerId}`,
  sk: 'TIER',
});

/** The list indexes on which a tier copy repeats its customer's entries (the views `tier=` narrows). */
const TIERED_INDEXES: readonly IndexName[] = [
  'customersByOwner',
  'customersBelow',
  'customersByList',
  'hotByOwner',
  'reclaimSoon',
];

const tieredPk = (pk: string, tier: Tier) => `${pk}${SEP}TIER${SEP}${tier}`;

/**
 * The index attributes of a customer's tier copy, derived from the customer item's own: each list
 * entry the item has, in the tier's partition (`<pk>#TIER#<tier>`) at the same sort key, so a view
 * narrowed to a tier is the view's own Query on another partition, in the same order.
 */
export function customerTierKeys(customerItem: Record<string, unknown>, tier: Tier): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const index of TIERED_INDEXES) {
    const { pk, sk } = indexKeys(index);
    const [p, s] = [customerItem[pk], customerItem[sk]];
    if (typeof p === 'string' && typeof s === 'string') {
      keys[pk] = tieredPk(p, tier);
      keys[sk] = s;
    }
  }
  return keys;
}

/** A customer list (customerLists, reclaimLists.soon) narrowed to one tier: the tier's partition of its index. */
export function tieredList<L extends { index: IndexName; pk: string }>(list: L, tier: Tier): L {
  if (!TIERED_INDEXES.includes(list.index)) throw new Error(`${list.index} holds no tier copies`);
  return { ...list, pk: tieredPk(list.pk, tier) };
}

/** Tier copies by the instant their customer falls dormant, across tenants (the dormancy job). */
const DORMANCY_PK = `SCHED${SEP}DORMANT`;
export const dormancySchedule = (tenantId: string, customerId: string, dormantAt: string) => ({
  scheduledPk: DORMANCY_PK,
  scheduledSk: `${dormantAt}${SEP}${tenantId}${SEP}${customerId}`,
});
/** Customers falling dormant at or before `by`, earliest first. */
export const dormancyDue = (by: string) => ({
  index: 'scheduled' as const,
  pk: DORMANCY_PK,
  upTo: `${by}${SEP}~`,
});

/**
 * One move of a customer between tiers (the analytics projection counts them per day and month):
 * beside the tier copy, written once in the move's transaction.
 */
export const tierMoveKey = (tenantId: string, customerId: string, at: string, to: Tier): Key => ({
  pk: tierCopyKey(tenantId, customerId).pk,
  sk: `MOVE${SEP}${at}${SEP}${to}`,
});

/** A customer's timeline (客户动态/跟进时间线). */
export const timelinePartition = (tenantId: string, customerId: string) => ({
  pk: `${t(tenantId)}${SEP}TL${SEP}${customerId}`,
});
/** One entry: `entryKey` names what it records, so a redelivered or moved record lands on the same key. */
export const timelineEntryKey = (
  tenantId: string,
  customerId: string,
  at: string,
  entryKey: string,
): Key => ({
  pk: timelinePartition(tenantId, customerId).pk,
  sk: `${at}${SEP}${entryKey}`,
});
