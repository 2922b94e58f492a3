/**
 * The reclaim clock: when an owned customer returns to its pool, decided here only, from what reclaim
 * depends on (owner, state, lock, last follow-up, last deal, won, level, the pool it came from). A
 * change of an existing customer passes its next record through `withClock`; a new customer (create,
 * import, lead conversion) and the reclaim job's recompute, which hold the tenant's rules already,
 * use `withReclaim` and `reclaimFields` with them. The customer item derives its
 * reclaim index entries (lib/db/keys.ts reclaimIndexKeys) from these fields when it is written, so
 * the reclaim job and view=reclaim-soon see the change at once.
 */

import { listAllPools } from './pools.ts';
import { computeReclaim, type PoolRules, type ReclaimSubject } from './rules.ts';

export type { PoolRules, ReclaimSubject };

/** The attributes of a customer record that say when (and into which pool) it is reclaimed. */
export interface ReclaimFields {
  reclaimAt: string | null;
  /** reclaimAt - warnDays of the pool: from then on the customer is on view=reclaim-soon. */
  reclaimWarnAt: string | null;
  /** The pool it would return to (its own, or the default pool once its own is gone). */
  reclaimPoolId: string | null;
}

/** What to set on a customer record so its reclaim instant is current; all null when never reclaimed. */
export function reclaimFields(customer: ReclaimSubject, rules: PoolRules | null): ReclaimFields {
  const r = computeReclaim(customer, rules);
  return r
    ? { reclaimAt: r.at, reclaimWarnAt: r.warnAt, reclaimPoolId: r.poolId }
    : { reclaimAt: null, reclaimWarnAt: null, reclaimPoolId: null };
}

/** `c` with its reclaim fields recomputed: what every owned customer is written with. */
export const withReclaim = <T extends ReclaimSubject>(c: T, rules: PoolRules | null): T & ReclaimFields => ({
  ...c,
  ...reclaimFields(c, rules),
});

/**
 * The reclaim rules of every pool of the tenant: one Query on the tenant's pool definitions (a
 * handful of items). A pool without stored rules (a tenant provisioned before pools existed) does
 * not reclaim.
 */
export async function loadReclaimRules(tenantId: string): Promise<PoolRules> {
  const pools = await listAllPools(tenantId);
  return { byPool: Object.fromEntries(pools.map((p) => [p.id, p.reclaim])) };
}

/** What reclaim looks at: a save that changes none of these keeps the clock it had. */
const CLOCK_INPUTS = [
  'ownerId',
  'state',
  'locked',
  'lastFollowUpAt',
  'lastDealAt',
  'won',
  'levelId',
  'createdAt',
  'ownedSince',
  'poolId',
] as const satisfies ReadonlyArray<keyof ReclaimSubject>;

const clockInputsChanged = (next: ReclaimSubject, prev: ReclaimSubject) =>
  CLOCK_INPUTS.some((key) => (next[key] ?? null) !== (prev[key] ?? null));

/**
 * `next` with its reclaim fields current. When nothing reclaim depends on changed since `prev`, it
 * keeps `prev`'s fields and reads nothing; otherwise the tenant's pool rules are read (one Query
 * on a handful of items) unless the caller has them already (`rules`, e.g. a job or an import
 * working through many customers). `prev: null` (a new customer, or rules that changed) always
 * computes.
 */
export async function withClock<T extends ReclaimSubject>(
  tenantId: string,
  next: T,
  prev: (ReclaimSubject & Partial<ReclaimFields>) | null,
  rules?: PoolRules,
): Promise<T & ReclaimFields> {
  if (prev && prev.reclaimAt !== undefined && !clockInputsChanged(next, prev)) {
    return {
      ...next,
      reclaimAt: prev.reclaimAt ?? null,
      reclaimWarnAt: prev.reclaimWarnAt ?? null,
      reclaimPoolId: prev.reclaimPoolId ?? null,
    };
  }
  return withReclaim(next, rules ?? (await loadReclaimRules(tenantId)));
}
