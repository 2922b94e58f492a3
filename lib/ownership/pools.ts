import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { stripper } from '../db/items.ts';
import { poolKey, poolNameKey, poolsPrefix, reclaimPoolPointer } from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { isConditionFailed } from '../db/write.ts';
import { listRoles } from '../org/repository.ts';
import { DEFAULT_POOL_ID, defaultPool, poolNameKey as nameKeyOf } from './rules.ts';
import type { Pool } from './schemas.ts';

/**
 * The pool definitions as every context reads them: what pool a customer lies in or returns to,
 * and who may see it. Writing them (create, edit, delete with their recompute) is the pool's.
 */

const TABLE = () => tableName();
const strip = stripper(['nameKey']);

// ---- pool definitions --------------------------------------------------------------------------

/** A pool item; pools whose reclaim is enabled also point the reclaim job at themselves. */
export const poolItem = (tenantId: string, pool: Pool) => ({
  ...poolKey(tenantId, pool.id),
  type: 'pool',
  ...pool,
  nameKey: nameKeyOf(pool.name),
  ...(pool.reclaim.enabled ? reclaimPoolPointer(tenantId, pool.id) : {}),
});

export const poolNameItem = (tenantId: string, pool: Pool) => ({
  ...poolNameKey(tenantId, nameKeyOf(pool.name)),
  type: 'poolName',
  poolId: pool.id,
});

/** The default pool's items, for the tenant's provisioning transaction. */
export const defaultPoolItems = (tenantId: string, rootRoleId: string, at: string) => {
  const pool = defaultPool(rootRoleId, at);
  return [poolItem(tenantId, pool), poolNameItem(tenantId, pool)];
};

export async function getPool(tenantId: string, poolId: string): Promise<Pool | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: poolKey(tenantId, poolId), ConsistentRead: true }),
  );
  return out.Item ? strip<Pool>(out.Item) : undefined;
}

/** Every pool of the tenant (a handful): one Query. */
export async function listAllPools(tenantId: string): Promise<Pool[]> {
  const { pk, skPrefix } = poolsPrefix(tenantId);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk, sk: { beginsWith: skPrefix } });
  return items.map((i) => strip<Pool>(i));
}

/**
 * The default pool of a tenant provisioned before pools existed: created from the root role the
 * first time it is needed. A conditional put, so concurrent first uses create it once.
 */
export async function ensureDefaultPool(tenantId: string, at: string): Promise<Pool | undefined> {
  const existing = await getPool(tenantId, DEFAULT_POOL_ID);
  if (existing) return existing;
  const root = (await listRoles(tenantId)).find((r) => r.isRoot);
  if (!root) return undefined;
  const pool = defaultPool(root.id, at);
  try {
    await db().send(
      new PutCommand({
        TableName: TABLE(),
        Item: poolItem(tenantId, pool),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await db().send(
      new PutCommand({
        TableName: TABLE(),
        Item: poolNameItem(tenantId, pool),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  return getPool(tenantId, DEFAULT_POOL_ID);
}
