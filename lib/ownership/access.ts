import { now } from '../clock.ts';
import { ensureDefaultPool, getPool } from './pools.ts';
import { DEFAULT_POOL_ID, isMember, isOpenPool, type Viewer } from './rules.ts';
import type { Pool } from './schemas.ts';

/**
 * Which pools a user sees (data scope of pool customers, seed 002: 共享给...销售岗位查看并认领).
 * Kept apart from the pool service so the customers module can ask without importing it.
 */

/**
 * The pool if the viewer is one of its members (administrators and pool managers see every pool);
 * undefined when it does not exist or is not theirs, which callers answer as 404. The default pool
 * of a tenant provisioned before pools existed is created here, the first time it is asked for.
 */
export async function visiblePool(viewer: Viewer, poolId: string): Promise<Pool | undefined> {
  const pool =
    (await getPool(viewer.tenantId, poolId)) ??
    (poolId === DEFAULT_POOL_ID ? await ensureDefaultPool(viewer.tenantId, now().toISOString()) : undefined);
  if (!pool) return undefined;
  return viewer.isAdmin || viewer.permissions.has('pool.manage') || isMember(pool, viewer) ? pool : undefined;
}

/**
 * Whether the viewer may list the customers lying in `poolId` (the pool view). The open default
 * pool needs no read, so a page of it reads only the page; another pool is read for its members
 * (404 when missing or not theirs).
 */
export async function listsPool(viewer: Viewer, poolId: string): Promise<boolean> {
  if (isOpenPool(poolId)) return true;
  return (await visiblePool(viewer, poolId)) !== undefined;
}

/**
 * Whether the viewer may see a customer lying in `poolId`. A customer left in a pool that no longer
 * exists belongs to the default pool, which is open to everyone, as is the default pool itself.
 */
export async function seesPoolCustomer(viewer: Viewer, poolId: string | null): Promise<boolean> {
  if (viewer.isAdmin || !poolId || isOpenPool(poolId)) return true;
  const pool = await getPool(viewer.tenantId, poolId);
  if (!pool) return true;
  return viewer.permissions.has('pool.manage') || isMember(pool, viewer);
}
