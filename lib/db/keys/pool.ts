// Public pool (lib/pool).

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * Pool definitions (公海): `T#t#POOLS`, sk `POOL#<poolId>` (the default pool is `POOL#default`),
 * names unique through guard items (`T#t#POOLNAME`, sk = normalised name); a rule change still
 * being applied to the pool's customers is a checkpoint item `RECOMPUTE#<poolId>` beside it.
 *
 * Reclaim (自动回收): an owned, unlocked customer whose pool reclaims carries
 *   reclaimDue   T#t#RECLAIM#<poolId>   <reclaimAt>#<id>      job and preview: sk <= now / at
 *   reclaimSoon  T#t#RSOON#<owner>      <warnAt>#<id>         view=reclaim-soon: sk <= now
 * and the job finds what to visit through two partitions of pointers, the only keys outside a
 * tenant (the job works across tenants; it reads pointers there, never customers):
 *   reclaimDue   RECLAIM#POOLS          <tenant>#<poolId>     pool items whose reclaim is enabled
 *   reclaimDue   RECLAIM#TASKS          <tenant>#<poolId>     recompute checkpoints still open
 */

export const poolKey = (tenantId: string, poolId: string): Key => ({
  pk: `${t(tenantId)}${SEP}POOLS`,
  sk: `POOL${SEP}${poolId}`,
});
export const poolsPrefix = (tenantId: string) => ({
  pk: `${t(tenantId)}${SEP}POOLS`,
  skPrefix: `POOL${SEP}`,
});
/** Guard item holding a normalised pool name: a conditional put makes names unique per tenant. */
export const poolNameKey = (tenantId: string, nameKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}POOLNAME`,
  sk: nameKey,
});
/** Where a background recompute of a pool's reclaim instants has got to (its cursor). */
export const poolRecomputeKey = (tenantId: string, poolId: string): Key => ({
  pk: `${t(tenantId)}${SEP}POOLS`,
  sk: `RECOMPUTE${SEP}${poolId}`,
});

/** How many pool customers a user claimed on one tenant-local day (TTL removes it days later). */
export const dailyClaimsKey = (tenantId: string, userId: string, localDate: string): Key => ({
  pk: `${t(tenantId)}${SEP}UCLAIM${SEP}${userId}`,
  sk: localDate,
});

/** The reclaim index attributes of an owned customer; none when it is not to be reclaimed. */
export function reclaimIndexKeys(
  tenantId: string,
  customerId: string,
  r: { poolId: string; ownerId: string; reclaimAt: string; warnAt: string },
) {
  return {
    reclaimDuePk: `${t(tenantId)}${SEP}RECLAIM${SEP}${r.poolId}`,
    reclaimDueSk: `${r.reclaimAt}${SEP}${customerId}`,
    reclaimSoonPk: `${t(tenantId)}${SEP}RSOON${SEP}${r.ownerId}`,
    reclaimSoonSk: `${r.warnAt}${SEP}${customerId}`,
  };
}
export const RECLAIM_INDEX_ATTRIBUTES = [
  'reclaimDuePk',
  'reclaimDueSk',
  'reclaimSoonPk',
  'reclaimSoonSk',
] as const;

/** A pool that reclaims, as the job finds it; a recompute checkpoint still open, likewise. */
export const reclaimPoolPointer = (tenantId: string, poolId: string) => ({
  reclaimDuePk: `RECLAIM${SEP}POOLS`,
  reclaimDueSk: `${tenantId}${SEP}${poolId}`,
});
export const recomputeTaskPointer = (tenantId: string, poolId: string) => ({
  reclaimDuePk: `RECLAIM${SEP}TASKS`,
  reclaimDueSk: `${tenantId}${SEP}${poolId}`,
});

/** ISO instants are fixed-width, so `<instant>#~` sorts after every `<instant>#<id>` of that instant. */
const upTo = (instant: string) => `${instant}${SEP}~`;

export const reclaimLists = {
  /** A pool's customers due by `at` (inclusive), earliest first. */
  due: (tenantId: string, poolId: string, at: string) => ({
    index: 'reclaimDue' as const,
    pk: `${t(tenantId)}${SEP}RECLAIM${SEP}${poolId}`,
    sk: { lte: upTo(at) },
    ascending: true,
  }),
  /** A user's customers whose warning has started by `at`, soonest first. */
  soon: (tenantId: string, ownerId: string, at: string) => ({
    index: 'reclaimSoon' as const,
    pk: `${t(tenantId)}${SEP}RSOON${SEP}${ownerId}`,
    sk: { lte: upTo(at) },
    ascending: true,
  }),
  pools: () => ({ index: 'reclaimDue' as const, pk: `RECLAIM${SEP}POOLS` }),
  tasks: () => ({ index: 'reclaimDue' as const, pk: `RECLAIM${SEP}TASKS` }),
};
