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

/**
 * The customer's won deals (成功交易): its standing standard contracts, and its won opportunities
 * that no such contract closes (a won opportunity and the contract signed for it are one deal; a
 * supplement amends its contract, it is no deal of its own). `lastWonAt`: the latest of them.
 */
export function wonDeals(
  contracts: readonly ContractFacts[],
  opportunities: readonly OpportunityFacts[],
): { count: number; lastWonAt: string | null } {
  const won = contracts.filter((c) => c.kind === 'standard' && WON_CONTRACT.has(c.status));
  const closedByContract = new Set(won.flatMap((c) => (c.opportunityId ? [c.opportunityId] : [])));
  const wonOpps = opportunities.filter((o) => o.status === 'won' && !closedByContract.has(o.id));
  return {
    count: won.length + wonOpps.length,
    lastWonAt: latest(
      ...won.map((c) => (c.signedOn ? `${c.signedOn}T00:00:00.000Z` : c.updatedAt)),
      ...wonOpps.map((o) => o.closedAt),
    ),
  };
}
