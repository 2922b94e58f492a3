/**
 * Customer tiers (客户分层, seed 003): the shared kernel of the rule, so lib/settings (thresholds),
 * lib/customers (the `tier` field and views), lib/analytics (counts and moves) and lib/lifecycle
 * (which computes it) all read one definition without importing each other.
 */

export const TIERS = ['potential', 'new', 'repeat', 'loyal', 'dormant'] as const;
export type Tier = (typeof TIERS)[number];

/** What a customer without a computed tier is: nothing has been won yet. */
export const DEFAULT_TIER: Tier = 'potential';

export interface TierThresholds {
  /** Won deals from which a customer is a repeat customer (老客户); one deal is a new customer. */
  repeatDeals: number;
  /** Won deals from which a customer is loyal (忠诚客户; seed 003: "有过大约10笔成功交易"). */
  loyalDeals: number;
  /** Days without a deal or a follow-up after which a customer with deals is dormant (沉睡客户). */
  dormantDays: number;
}

export const DEFAULT_TIER_THRESHOLDS: TierThresholds = { repeatDeals: 2, loyalDeals: 10, dormantDays: 180 };

export interface TierFacts {
  wonDeals: number;
  /** The latest deal or follow-up, null when there was none. */
  lastActivityAt: string | null;
}

export interface TierDecision {
  tier: Tier;
  /** When the customer falls dormant if nothing happens (null: it cannot, or already has). */
  dormantAt: string | null;
}

const DAY_MS = 86_400_000;

/**
 * The tier of a customer at `now`. Dormancy needs deals (a prospect never won is potential however
 * long it sleeps) and counts whole days of 24 hours from the last activity: the instant it falls
 * due is dormant already, so the job that reads customers due by now moves each exactly once.
 */
export function tierOf(facts: TierFacts, thresholds: TierThresholds, now: Date): TierDecision {
  if (facts.wonDeals <= 0) return { tier: 'potential', dormantAt: null };
  const byDeals: Tier =
    facts.wonDeals >= thresholds.loyalDeals
      ? 'loyal'
      : facts.wonDeals >= thresholds.repeatDeals
        ? 'repeat'
        : 'new';
  if (!facts.lastActivityAt) return { tier: byDeals, dormantAt: null };
  const due = Date.parse(facts.lastActivityAt) + thresholds.dormantDays * DAY_MS;
  if (now.getTime() >= due) return { tier: 'dormant', dormantAt: null };
  return { tier: byDeals, dormantAt: new Date(due).toISOString() };
}

/** The later of two instants, either possibly absent. */
export const latest = (...instants: Array<string | null | undefined>): string | null =>
  instants.reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);
