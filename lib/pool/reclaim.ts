/**
 * The reclaim instants other contexts keep current when they write a customer. Whoever changes
 * something reclaim depends on (owner, follow-up, deal, level, lock) sets these fields on the
 * customer record in the same write:
 *
 *   const rules = await loadReclaimRules(tenantId);
 *   const next = touched(c, at, { lastFollowUpAt: at, ...reclaimFields({ ...c, lastFollowUpAt: at }, rules) });
 *   await commit(saveCustomerSteps(tenantId, next, c, {}));
 *
 * The customer item derives its reclaim index entries (lib/db/keys.ts reclaimIndexKeys) from them
 * when it is written, so the reclaim job and view=reclaim-soon see the change at once.
 */

import { listAllPools } from './repository.ts';
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
