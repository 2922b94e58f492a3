import { now } from '../clock.ts';
import type { Viewer } from '../customers/rules.ts';
import { ensureDefaultPool, getPool } from './repository.ts';
import { DEFAULT_POOL_ID, isMember } from './rules.ts';
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
export async function visiblePool(
  viewer: Viewer & { tenantId: string },
  poolId: string,
): Promise<Pool | undefined> {
  const pool =
    (await getPool(viewer.tenantId, poolId)) ??
    (poolId === DEFAULT_POOL_ID ? await ensureDefaultPool(viewer.tenantId, now().toISOString()) : undefined);
  if (!pool) return undefined;
  return viewer.isAdmin || viewer.permissions.has('pool.manage') || isMember(pool, viewer) ? pool : undefined;
}

/**
 * Whether the viewer may see a customer lying in `poolId`. A customer left in a pool that no longer
 * exists belongs to the default pool's members; a tenant without a stored default pool (provisioned
 * before pools existed) shows its pool customers to everyone, as before.
 */
export async function seesPoolCustomer(
  viewer: Viewer & { tenantId: string },
  poolId: string | null,
): Promise<boolean> {
  if (viewer.isAdmin) return true;
  const own = poolId && poolId !== DEFAULT_POOL_ID ? await getPool(viewer.tenantId, poolId) : undefined;
  const pool = own ?? (await getPool(viewer.tenantId, DEFAULT_POOL_ID));
  if (!pool) return true;
  return viewer.permissions.has('pool.manage') || isMember(pool, viewer);
}
