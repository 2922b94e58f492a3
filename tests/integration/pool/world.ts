import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { handler as assignCustomer } from '#functions/pool/assign-customer.ts';
import { handler as claimCustomer } from '#functions/pool/claim-customer.ts';
import { handler as getOwnerHistory } from '#functions/pool/get-owner-history.ts';
import { handler as getPool } from '#functions/pool/get-pool.ts';
import { handler as lockCustomer } from '#functions/pool/lock-customer.ts';
import { handler as releaseCustomer } from '#functions/pool/release-customer.ts';
import { handler as updatePool } from '#functions/pool/update-pool.ts';
import { getCustomer } from '#lib/customers/repository.ts';
import { db, tableName } from '#lib/db/client.ts';
import { dailyClaimsKey, userCountersKey } from '#lib/db/keys.ts';
import { DEFAULT_POOL_ID } from '#lib/ownership/rules.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant, type TestUser } from '#tests/support/tenants.ts';

export { create, ids, list, listAll, ownedCount, setSettings, uniqueName } from '../customers/world.ts';

/** A company for pool tests: admin > 赵经理 > 张三, 李四, 王五 (reps). */
export async function company() {
  const t = await newTenant();
  const [rep, peer, third, manager] = await Promise.all([
    t.addUser('张三', t.roles.rep),
    t.addUser('李四', t.roles.rep),
    t.addUser('王五', t.roles.rep),
    t.addUser('赵经理', t.roles.manager),
  ]);
  const reasons = await listDictionary(t.tenantId, 'poolReason');
  const reasonId = reasons[0]?.id as string;
  return {
    t,
    admin: t.admin,
    rep: rep as TestUser,
    peer: peer as TestUser,
    third: third as TestUser,
    manager: manager as TestUser,
    reasonId,
  };
}

export const release = (
  as: Caller,
  id: string,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
) =>
  invoke('POST /v1/customers/{id}/release', releaseCustomer, {
    as,
    params: { id },
    body,
    ...(headers ? { headers } : {}),
  });

export const claim = (as: Caller, id: string, headers?: Record<string, string>) =>
  invoke('POST /v1/customers/{id}/claim', claimCustomer, {
    as,
    params: { id },
    ...(headers ? { headers } : {}),
  });

export const assign = (as: Caller, id: string, userId: string) =>
  invoke('POST /v1/customers/{id}/assign', assignCustomer, { as, params: { id }, body: { userId } });

export const lock = (as: Caller, id: string) =>
  invoke('PUT /v1/customers/{id}/lock', lockCustomer, { as, params: { id } });

export const history = (as: Caller, id: string, query: Record<string, string> = {}) =>
  invoke('GET /v1/customers/{id}/owner-history', getOwnerHistory, { as, params: { id }, query });

/** Changes a pool's rules through the API (arrange step), as the tenant's administrator. */
export async function patchPool(admin: Caller, body: Record<string, unknown>, poolId = DEFAULT_POOL_ID) {
  const current = await invoke('GET /v1/pools/{id}', getPool, { as: admin, params: { id: poolId } });
  const res = await invoke('PATCH /v1/pools/{id}', updatePool, {
    as: admin,
    params: { id: poolId },
    body,
    headers: { 'if-match': current.headers.etag as string },
  });
  if (res.status !== 200) throw new Error(`PATCH pool failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Puts a customer the caller owns into the default pool (arrange step). */
export async function released(as: Caller, id: string, reasonId: string, poolId?: string) {
  const res = await release(as, id, { reasonId, ...(poolId ? { poolId } : {}) });
  if (res.status !== 200) throw new Error(`release failed: ${res.status} ${res.text}`);
  return res.body;
}

/** The stored customer record (what the job and the indexes see). */
export const stored = async (tenantId: string, id: string) => getCustomer(tenantId, id);

export async function lockedCount(tenantId: string, userId: string): Promise<number> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: userCountersKey(tenantId, userId) }),
  );
  return (out.Item?.lockedCount as number | undefined) ?? 0;
}

export async function claimsOn(tenantId: string, userId: string, date: string): Promise<number> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: dailyClaimsKey(tenantId, userId, date) }),
  );
  return (out.Item?.claimCount as number | undefined) ?? 0;
}

/** The statuses of parallel calls, sorted, and how many of each. */
export const tally = (answers: Array<{ status: number; body: any }>) => {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status < 300 ? String(a.status) : `${a.status} ${a.body?.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};
