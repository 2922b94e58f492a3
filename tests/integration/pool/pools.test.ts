import { describe, expect, it } from 'vitest';
import { handler as createPool } from '#functions/pool/create-pool.ts';
import { handler as deletePool } from '#functions/pool/delete-pool.ts';
import { handler as getPool } from '#functions/pool/get-pool.ts';
import { handler as listPools } from '#functions/pool/list-pools.ts';
import { handler as updatePool } from '#functions/pool/update-pool.ts';
import { listAllPools } from '#lib/ownership/pools.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { company, create, released } from './world.ts';

const post = (as: Caller, body: unknown, headers?: Record<string, string>) =>
  invoke('POST /v1/pools', createPool, { as, body, ...(headers ? { headers } : {}) });
const get = (as: Caller, id: string) => invoke('GET /v1/pools/{id}', getPool, { as, params: { id } });
const patch = (as: Caller, id: string, body: unknown, ifMatch?: string) =>
  invoke('PATCH /v1/pools/{id}', updatePool, {
    as,
    params: { id },
    body,
    ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
  });
const remove = (as: Caller, id: string) =>
  invoke('DELETE /v1/pools/{id}', deletePool, { as, params: { id } });
const listIds = async (as: Caller) => {
  const res = await invoke('GET /v1/pools', listPools, { as });
  return (res.body.items as Array<{ id: string }>).map((p) => p.id).sort();
};

describe('the default pool', () => {
  it('exists from the start, with every user as a member and no automatic reclaim', async () => {
    const { rep } = await company();

    const res = await get(rep, 'default');

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      id: 'default',
      name: '公海',
      isDefault: true,
      claimDailyLimit: null,
      formerOwnerCooldownDays: 0,
      reclaim: { enabled: false },
    });
    expect(await listIds(rep)).toEqual(['default']);
  });

  it('cannot be deleted', async () => {
    const { admin } = await company();

    const res = await remove(admin, 'default');

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('default_pool');
  });
});

describe('POST /v1/pools', () => {
  it('creates a pool with members, limits and reclaim rules (201, Location, ETag)', async () => {
    const { t, admin, peer } = await company();
    const [level] = await listDictionary(t.tenantId, 'level');

    const res = await post(admin, {
      name: '华东公海',
      memberRoleIds: [t.roles.manager.id],
      adminUserIds: [peer.userId],
      claimDailyLimit: 5,
      formerOwnerCooldownDays: 7,
      reclaim: { enabled: true, noFollowUpDays: 30, byLevel: { [level?.id as string]: 60 }, warnDays: 5 },
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/pools/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      name: '华东公海',
      isDefault: false,
      memberRoleIds: [t.roles.manager.id],
      memberUserIds: [],
      adminUserIds: [peer.userId],
      claimDailyLimit: 5,
      formerOwnerCooldownDays: 7,
      reclaim: {
        enabled: true,
        noFollowUpDays: 30,
        noDealDays: null,
        byLevel: { [level?.id as string]: 60 },
        warnDays: 5,
        excludeWon: true,
      },
      version: 1,
    });
  });

  it('answers 403 without pool.manage and writes nothing', async () => {
    const { t, manager } = await company();

    const res = await post(manager, { name: '经理的公海' });

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('missing_permission');
    expect((await listAllPools(t.tenantId)).map((p) => p.name)).toEqual(['公海']);
  });

  it.each([
    ['an unknown field', { name: 'x', color: 'red' }, 'body'],
    ['a missing name', { claimDailyLimit: 3 }, 'body.name'],
    ['a zero daily limit', { name: 'x', claimDailyLimit: 0 }, 'body.claimDailyLimit'],
    ['a negative cooldown', { name: 'x', formerOwnerCooldownDays: -1 }, 'body.formerOwnerCooldownDays'],
    [
      'reclaim days of zero',
      { name: 'x', reclaim: { enabled: true, noFollowUpDays: 0 } },
      'body.reclaim.noFollowUpDays',
    ],
    ['an enabled reclaim without a rule', { name: 'x', reclaim: { enabled: true } }, 'body.reclaim'],
    ['an unknown role', { name: 'x', memberRoleIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] }, 'body.memberRoleIds.0'],
    ['an unknown admin', { name: 'x', adminUserIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] }, 'body.adminUserIds.0'],
    [
      'an unknown level',
      { name: 'x', reclaim: { enabled: true, byLevel: { '01ARZ3NDEKTSV4RRFFQ69G5FAV': 5 } } },
      'body.reclaim.byLevel.01ARZ3NDEKTSV4RRFFQ69G5FAV',
    ],
  ])('answers 400 problem+json for %s, naming the field, and writes nothing', async (_, body, path) => {
    const { t, admin } = await company();

    const res = await post(admin, body);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await listAllPools(t.tenantId)).toHaveLength(1);
  });

  it('refuses a second pool of the same name (width and case folded) with 409', async () => {
    const { admin } = await company();
    await post(admin, { name: 'VIP 公海' });

    const res = await post(admin, { name: ' ｖｉｐ  公海' });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('duplicate_pool_name');
  });

  it('lets exactly one of concurrent creations of one name through', async () => {
    const { t, admin } = await company();

    const answers = await Promise.all(Array.from({ length: 6 }, () => post(admin, { name: '同名公海' })));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
    expect(await listAllPools(t.tenantId)).toHaveLength(2);
  });

  it('answers a retry with the same Idempotency-Key with the first pool, creating one', async () => {
    const { t, admin } = await company();
    const headers = { 'idempotency-key': 'pool-create-1' };

    const first = await post(admin, { name: '重试公海' }, headers);
    const second = await post(admin, { name: '重试公海' }, headers);

    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await listAllPools(t.tenantId)).toHaveLength(2);
  });
});

describe('GET /v1/pools', () => {
  it('lists only the pools the caller is a member of (roles include the roles below them)', async () => {
    const { t, admin, rep, manager, peer } = await company();
    const team = await post(admin, { name: '经理线', memberRoleIds: [t.roles.manager.id] });
    const solo = await post(admin, { name: '李四专属', memberUserIds: [peer.userId] });

    expect(await listIds(rep)).toEqual(['default', team.body.id].sort());
    expect(await listIds(manager)).toEqual(['default', team.body.id].sort());
    expect(await listIds(peer)).toEqual(['default', team.body.id, solo.body.id].sort());
    expect(await listIds(admin)).toEqual(['default', team.body.id, solo.body.id].sort());
    expect((await get(rep, solo.body.id)).status).toBe(404);
  });

  it("answers 404 for another tenant's pool", async () => {
    const { admin } = await company();
    const other = await newTenant();
    const p = await post(admin, { name: '别家公海' });

    expect((await get(other.admin, p.body.id)).status).toBe(404);
    expect((await patch(other.admin, p.body.id, { name: 'x' }, '"1"')).status).toBe(404);
    expect((await remove(other.admin, p.body.id)).status).toBe(404);
  });
});

describe('PATCH /v1/pools/{id}', () => {
  it('changes the pool at the version read and answers the new ETag', async () => {
    const { admin } = await company();

    const res = await patch(
      admin,
      'default',
      { claimDailyLimit: 3, reclaim: { enabled: true, noDealDays: 90 } },
      '"1"',
    );

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      claimDailyLimit: 3,
      reclaim: { enabled: true, noDealDays: 90, noFollowUpDays: null },
      rulesVersion: 2,
      version: 2,
    });
  });

  it('leaves rulesVersion alone when no reclaim rule changes', async () => {
    const { admin } = await company();

    const res = await patch(
      admin,
      'default',
      { formerOwnerCooldownDays: 3, reclaim: { enabled: false } },
      '"1"',
    );

    expect(res.body).toMatchObject({ formerOwnerCooldownDays: 3, rulesVersion: 1, version: 2 });
  });

  it('answers 428 without If-Match and 412 on a stale one, changing nothing', async () => {
    const { t, admin } = await company();
    await patch(admin, 'default', { claimDailyLimit: 3 }, '"1"');

    const missing = await patch(admin, 'default', { claimDailyLimit: 4 });
    const stale = await patch(admin, 'default', { claimDailyLimit: 5 }, '"1"');

    expect([missing.status, stale.status]).toEqual([428, 412]);
    expect((await listAllPools(t.tenantId))[0]).toMatchObject({ claimDailyLimit: 3, version: 2 });
  });

  it('renames within unique names: 409 on a taken one, and frees the old name', async () => {
    const { admin } = await company();
    const a = await post(admin, { name: '甲' });
    await post(admin, { name: '乙' });

    const taken = await patch(admin, a.body.id, { name: '乙' }, '"1"');
    const renamed = await patch(admin, a.body.id, { name: '丙' }, '"1"');
    const reuse = await post(admin, { name: '甲' });

    expect([taken.status, taken.body.code]).toEqual([409, 'duplicate_pool_name']);
    expect([renamed.status, reuse.status]).toEqual([200, 201]);
  });

  it('answers 403 without pool.manage', async () => {
    const { manager } = await company();

    expect((await patch(manager, 'default', { claimDailyLimit: 1 }, '"1"')).status).toBe(403);
  });
});

describe('DELETE /v1/pools/{id}', () => {
  it('deletes an empty pool and frees its name', async () => {
    const { admin } = await company();
    const p = await post(admin, { name: '临时公海' });

    const res = await remove(admin, p.body.id);

    expect(res.status).toBe(204);
    expect((await get(admin, p.body.id)).status).toBe(404);
    expect((await post(admin, { name: '临时公海' })).status).toBe(201);
  });

  it('refuses a pool that still holds customers with 409 pool_not_empty', async () => {
    const { t, admin, rep, reasonId } = await company();
    const p = await post(admin, { name: '有客户的公海', memberRoleIds: [t.roles.root.id] });
    const c = await create(rep);
    await released(rep, c.id, reasonId, p.body.id);

    const res = await remove(admin, p.body.id);

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('pool_not_empty');
    expect((await get(admin, p.body.id)).status).toBe(200);
  });
});
