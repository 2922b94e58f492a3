import { isDeepStrictEqual } from 'node:util';
import { latest } from '../tiers.ts';

/** Pure decisions of the customer lifecycle: what counts as a won deal, what a timeline entry says. */

/** The stream's item types that can move a tier (lib/jobs.ts `customer-tiers`). */
export const TIER_SOURCES = ['customer', 'contract', 'opportunity'] as const;

/**
 * The stream's item types the timeline tells (lib/jobs.ts `customer-timeline`): the keys of
 * timeline-rules.ts TIMELINE_SOURCES (a unit test holds them equal), spelled here because the job
 * table must not import the logger that masking needs.
 */
export const TIMELINE_TYPES = [
  'customer',
  'followup',
  'ownerHistory',
  'plan',
  'opportunity',
  'contract',
  'payment',
  'contact',
  'task',
  'worklog',
  'approval',
  'attachment',
] as const;

/** What the tier needs of a contract (lib/pipeline contract item). */
export interface ContractFacts {
  id: string;
  kind: string;
  status: string;
  opportunityId?: string | null;
  signedOn?: string | null;
  updatedAt: string;
}

/** What the tier needs of an opportunity (lib/pipeline opportunity item). */
export interface OpportunityFacts {
  id: string;
  status: string;
  closedAt?: string | null;
}

/** A contract is a deal won while it stands: signed or completed, never a draft or terminated (作废). */
const WON_CONTRACT = new Set(['signed', 'completed']);

const standing = (c: ContractFacts) => c.kind === 'standard' && WON_CONTRACT.has(c.status);
const wonAt = (c: ContractFacts) => (c.signedOn ? `${c.signedOn}T00:00:00.000Z` : c.updatedAt);

/** What a contract adds to the won deals: nothing unless it is a standing standard contract. */
const contractShare = (c: ContractFacts) =>
  standing(c) ? { opportunityId: c.opportunityId ?? null, wonAt: wonAt(c) } : null;

/** What an opportunity adds to the won deals: nothing unless it is won. */
const opportunityShare = (o: OpportunityFacts) =>
  o.status === 'won' ? { closedAt: o.closedAt ?? null } : null;

/** The attributes the lifecycle itself sets on a customer item when its tier moves (repository.ts writeTier). */
const TIER_ATTRIBUTES = new Set(['tier', 'tierSince']);
const withoutTier = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !TIER_ATTRIBUTES.has(name)));

/** What a deal adds to the won deals, by its item type. */
const SHARES: Record<string, (item: Record<string, unknown>) => unknown> = {
  contract: (item) => contractShare(item as unknown as ContractFacts),
  opportunity: (item) => opportunityShare(item as unknown as OpportunityFacts),
};

/**
 * Whether a change of a tier source (its item before and after, as the stream images them) can move
 * the customer's tier or what its tier copy holds. Only a customer changed in nothing but the tier
 * the lifecycle just wrote, and a deal whose share in the won deals (`wonDeals`) stayed the same for
 * the same customer (a payment booked on a contract, an opportunity moving between open stages), cannot:
 * recomputing those would write the tier copy again, unchanged.
 */
export function canMoveTier(before?: Record<string, unknown>, after?: Record<string, unknown>): boolean {
  if (!before || !after) return true;
  if (after.type === 'customer') return !isDeepStrictEqual(withoutTier(before), withoutTier(after));
  const share = SHARES[after.type as string];
  return !share || before.customerId !== after.customerId || !isDeepStrictEqual(share(before), share(after));
}

/**
 * The customer's won deals (成功交易): its standing standard contracts, and its won opportunities
 * that no such contract closes (a won opportunity and the contract signed for it are one deal; a
 * supplement amends its contract, it is no deal of its own). `lastWonAt`: the latest of them.
 */
export function wonDeals(
  contracts: readonly ContractFacts[],
  opportunities: readonly OpportunityFacts[],
): { count: number; lastWonAt: string | null } {
  const won = contracts.filter(standing);
  const closedByContract = new Set(won.flatMap((c) => (c.opportunityId ? [c.opportunityId] : [])));
  const wonOpps = opportunities.filter((o) => o.status === 'won' && !closedByContract.has(o.id));
  return {
    count: won.length + wonOpps.length,
    lastWonAt: latest(...won.map(wonAt), ...wonOpps.map((o) => o.closedAt)),
  };
}
