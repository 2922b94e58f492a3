import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { handler as createPool } from '#functions/pool/create-pool.ts';
import { handler as getPool } from '#functions/pool/get-pool.ts';
import { handler as updatePool } from '#functions/pool/update-pool.ts';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { newCustomerItems } from '#lib/customers/repository.ts';
import { intoPool, newCustomer } from '#lib/customers/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import { DEFAULT_POOL_ID } from '#lib/ownership/rules.ts';
import { AUTH_READS, type Caller, invoke, itemsRead } from '#tests/support/api.ts';
import { company, create, ids, list, listAll, released } from './world.ts';

/** `count` customers lying in `poolId`, written straight to the table (arrange only). */
async function seedPool(tenantId: string, poolId: string, count: number, owner: Caller) {
  const at = '2024-06-01T00:00:00.000Z';
  const items = Array.from({ length: count }, (_, i) => {
    const name = `公海读量${i}号${ulid()}贸易有限公司`;
    const c = newCustomer({
      id: ulid(),
      name,
      phone: null,
      nameKey: normalizeName(name),
      searchTerms: searchTerms(name, null),
      owner: { id: owner.userId, name: '张三', rolePath: '/x' },
      createdBy: owner.userId,
      at,
    });
    return newCustomerItems(tenantId, intoPool(c, poolId, at));
  });
  await batchPut(items.flat());
}

async function restrictedPool(admin: Caller, body: Record<string, unknown>): Promise<string> {
  const res = await invoke('POST /v1/pools', createPool, {
    as: admin,
    body: { name: `专属${ulid()}`, ...body },
  });
  if (res.status !== 201) throw new Error(`create pool failed: ${res.status} ${res.text}`);
  return res.body.id;
}

describe('GET /v1/customers?view=pool', () => {
  it('reads only the page for the default pool: no pool definition per request', async () => {
    const { t, rep } = await company();
    await seedPool(t.tenantId, DEFAULT_POOL_ID, 21, rep);

    const res = await list(rep, { view: 'pool', limit: '20' });

    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(20);
    expect(itemsRead(res)).toBe(AUTH_READS + 20);
  });

  it('lists a narrowed pool to its members only; others get 404', async () => {
    const { admin, rep, peer, manager, reasonId } = await company();
    const poolId = await restrictedPool(admin, { memberUserIds: [peer.userId] });
    const c = await create(rep);
    await released(admin, c.id, reasonId, poolId);

    const asPeer = await listAll(peer, { view: 'pool', poolId });
    const asRep = await list(rep, { view: 'pool', poolId });
    const asManager = await list(manager, { view: 'pool', poolId });
    const asAdmin = await listAll(admin, { view: 'pool', poolId });

    expect(ids(asPeer)).toEqual([c.id]);
    expect(asRep.status).toBe(404);
    expect(asManager.status).toBe(404);
    expect(ids(asAdmin)).toEqual([c.id]);
    expect((await list(peer, { view: 'pool', poolId: `${poolId}x` })).status).toBe(404);
  });
});

describe('PATCH /v1/pools/default', () => {
  it('refuses to narrow the default pool’s members with 400 default_pool_open and changes nothing', async () => {
    const { t, admin, rep } = await company();

    const res = await invoke('PATCH /v1/pools/{id}', updatePool, {
      as: admin,
      params: { id: DEFAULT_POOL_ID },
      headers: { 'if-match': '"1"' },
      body: { memberRoleIds: [t.roles.manager.id], memberUserIds: [rep.userId] },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['body.memberRoleIds', 'default_pool_open'],
      ['body.memberUserIds', 'default_pool_open'],
    ]);
    const after = await invoke('GET /v1/pools/{id}', getPool, { as: admin, params: { id: DEFAULT_POOL_ID } });
    expect(after.headers.etag).toBe('"1"');
    expect(after.body.memberRoleIds).toEqual([t.roles.root.id]);
  });

  it('still lets an administrator name the default pool’s admins', async () => {
    const { admin, manager } = await company();

    const res = await invoke('PATCH /v1/pools/{id}', updatePool, {
      as: admin,
      params: { id: DEFAULT_POOL_ID },
      headers: { 'if-match': '"1"' },
      body: { adminUserIds: [manager.userId] },
    });

    expect(res.status).toBe(200);
    expect(res.body.adminUserIds).toEqual([manager.userId]);
  });
});
