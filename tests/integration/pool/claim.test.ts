import { afterEach, describe, expect, it } from 'vitest';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { setClock } from '#lib/clock.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import {
  assign,
  claim,
  claimsOn,
  company,
  create,
  history,
  ids,
  listAll,
  ownedCount,
  patchPool,
  released,
  setSettings,
  stored,
  tally,
} from './world.ts';

const get = (as: Caller, id: string) => invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } });

/** `n` customers of `owner`, all released into the default pool. */
async function poolCustomers(owner: Caller, reasonId: string, n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await create(owner);
    await released(owner, c.id, reasonId);
    out.push(c.id);
  }
  return out;
}

afterEach(() => setClock(undefined));

describe('POST /v1/customers/{id}/claim', () => {
  it('makes the caller the owner: mine, out of the pool, counted, with history', async () => {
    const { rep, peer, reasonId } = await company();
    const [id] = (await poolCustomers(rep, reasonId, 1)) as [string];

    const res = await claim(peer, id);

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
    expect(res.body).toMatchObject({
      state: 'active',
      ownerId: peer.userId,
      ownerName: '李四',
      poolId: 'default',
    });
    expect(ids(await listAll(peer, { view: 'mine' }))).toEqual([id]);
    expect(ids(await listAll(peer, { view: 'pool' }))).toEqual([]);
    expect(await ownedCount(peer.tenantId, peer.userId)).toBe(1);
    expect((await history(peer, id)).body.items[0]).toMatchObject({
      action: 'claim',
      actorId: peer.userId,
      fromUserId: null,
      toUserId: peer.userId,
      poolId: 'default',
    });
  });

  it('lets exactly one of 20 concurrent claims of one customer through; the others get 409 already_claimed', async () => {
    const { t, rep, reasonId } = await company();
    const [id] = (await poolCustomers(rep, reasonId, 1)) as [string];
    const claimers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.addUser(`销售${i}`, t.roles.rep)),
    );

    const answers = await Promise.all(claimers.map((u) => claim(u, id)));

    expect(tally(answers)).toEqual({ '200': 1, '409 already_claimed': 19 });
    const winner = claimers[answers.findIndex((a) => a.status === 200)] as Caller;
    expect((await stored(t.tenantId, id))?.ownerId).toBe(winner.userId);
    const counts = await Promise.all(claimers.map((u) => ownedCount(t.tenantId, u.userId)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await history(winner, id)).body.items.filter((h: any) => h.action === 'claim')).toHaveLength(1);
  });

  it('lets a rep at quota - 1 claim exactly one of 5 customers claimed concurrently (409 quota_exceeded)', async () => {
    const { t, rep, peer, reasonId } = await company();
    await setSettings(t.tenantId, { maxCustomersPerRep: 3 });
    const pooled = await poolCustomers(rep, reasonId, 5);
    await create(peer);
    await create(peer);

    const answers = await Promise.all(pooled.map((id) => claim(peer, id)));

    expect(tally(answers)).toEqual({ '200': 1, '409 quota_exceeded': 4 });
    expect(await ownedCount(t.tenantId, peer.userId)).toBe(3);
    expect(ids(await listAll(peer, { view: 'pool' }))).toHaveLength(4);
  });

  it('holds the daily claim limit under concurrency, per tenant-local day', async () => {
    const { t, admin, rep, peer, reasonId } = await company();
    await patchPool(admin, { claimDailyLimit: 2 });
    const pooled = await poolCustomers(rep, reasonId, 6);
    // 23:30 in Shanghai on 3 March, then 00:30 on 4 March: two different days.
    setClock(new Date('2025-03-03T15:30:00Z'));

    const first = await Promise.all(pooled.slice(0, 4).map((id) => claim(peer, id)));
    setClock(new Date('2025-03-03T16:30:00Z'));
    const nextDay = await claim(peer, pooled[4] as string);

    expect(tally(first)).toEqual({ '200': 2, '409 daily_claim_limit': 2 });
    expect(nextDay.status).toBe(200);
    expect(await claimsOn(t.tenantId, peer.userId, '2025-03-03')).toBe(2);
    expect(await claimsOn(t.tenantId, peer.userId, '2025-03-04')).toBe(1);
    expect(await ownedCount(t.tenantId, peer.userId)).toBe(3);
  });

  it('keeps the former owner out during the cooldown, also under concurrency, and lets others in', async () => {
    const { admin, rep, peer, reasonId } = await company();
    await patchPool(admin, { formerOwnerCooldownDays: 7 });
    setClock(new Date('2025-03-01T00:00:00Z'));
    const pooled = await poolCustomers(rep, reasonId, 4);

    setClock(new Date('2025-03-07T23:00:00Z'));
    const own = await Promise.all(pooled.slice(0, 3).map((id) => claim(rep, id)));
    const other = await claim(peer, pooled[0] as string);
    setClock(new Date('2025-03-08T00:00:01Z'));
    const after = await claim(rep, pooled[3] as string);

    expect(tally(own)).toEqual({ '409 former_owner_cooldown': 3 });
    expect(own[0]?.body.availableAt).toBe('2025-03-08T00:00:00.000Z');
    expect(other.status).toBe(200);
    expect(after.status).toBe(200);
  });

  it('answers 409 already_claimed for an owned customer and 404 for an unknown or foreign id', async () => {
    const { rep, peer } = await company();
    const c = await create(rep);
    const other = await newTenant();

    expect((await claim(peer, c.id)).body.code).toBe('already_claimed');
    expect((await claim(other.admin, c.id)).status).toBe(404);
    expect((await claim(peer, '01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  });

  it('answers 404 to a user outside the pool and leaves the customer there', async () => {
    const { t, admin, rep, peer, reasonId } = await company();
    const vip = await patchPoolAndCreate(admin, t.roles.manager.id);
    const c = await create(rep);
    await released(rep, c.id, reasonId, vip);
    await patchPool(admin, { memberRoleIds: [], memberUserIds: [rep.userId] }, vip);

    const res = await claim(peer, c.id);

    expect(res.status).toBe(404);
    expect((await stored(t.tenantId, c.id))?.state).toBe('pool');
  });

  it('returns the first answer to a retry with the same Idempotency-Key and claims once', async () => {
    const { t, rep, peer, reasonId } = await company();
    const [id] = (await poolCustomers(rep, reasonId, 1)) as [string];
    const headers = { 'idempotency-key': 'claim-1' };

    const first = await claim(peer, id, headers);
    const retry = await claim(peer, id, headers);

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body).toEqual(first.body);
    expect(await ownedCount(t.tenantId, peer.userId)).toBe(1);
    expect((await history(peer, id)).body.items.filter((h: any) => h.action === 'claim')).toHaveLength(1);
  });
});

/** A second pool whose members are the manager's role line; its id. */
async function patchPoolAndCreate(admin: Caller, roleId: string): Promise<string> {
  const { handler } = await import('#functions/pool/create-pool.ts');
  const res = await invoke('POST /v1/pools', handler, {
    as: admin,
    body: { name: `VIP公海${Math.random()}`, memberRoleIds: [roleId] },
  });
  return res.body.id as string;
}

describe('POST /v1/customers/{id}/assign', () => {
  it('hands a pool customer to a member, within their quota, and records who assigned it', async () => {
    const { rep, peer, manager, reasonId } = await company();
    const [id] = (await poolCustomers(rep, reasonId, 1)) as [string];

    const res = await assign(manager, id, peer.userId);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ownerId: peer.userId, state: 'active' });
    expect((await history(peer, id)).body.items[0]).toMatchObject({
      action: 'assign',
      actorId: manager.userId,
      toUserId: peer.userId,
    });
  });

  it('answers 403 to a member without pool.assign who is not the pool admin', async () => {
    const { t, rep, peer, third, reasonId } = await company();
    const [id] = (await poolCustomers(rep, reasonId, 1)) as [string];

    const res = await assign(third, id, peer.userId);

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not_pool_admin');
    expect((await stored(t.tenantId, id))?.state).toBe('pool');
  });

  it("lets the pool's admin assign without pool.assign", async () => {
    const { admin, rep, peer, third, reasonId } = await company();
    await patchPool(admin, { adminUserIds: [third.userId] });
    const [id] = (await poolCustomers(rep, reasonId, 1)) as [string];

    expect((await assign(third, id, peer.userId)).status).toBe(200);
  });

  it('refuses 400 for an unknown user, 422 for a non-member, 409 quota_exceeded when full', async () => {
    const { t, admin, rep, peer, manager, reasonId } = await company();
    const [a, b] = (await poolCustomers(rep, reasonId, 2)) as [string, string];
    const vip = await patchPoolAndCreate(admin, t.roles.manager.id);
    const c = await create(rep);
    await released(rep, c.id, reasonId, vip);
    await patchPool(admin, { memberRoleIds: [], memberUserIds: [manager.userId] }, vip);
    await setSettings(t.tenantId, { maxCustomersPerRep: 1 });
    await create(peer);

    const unknown = await assign(manager, a, '01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const outsider = await assign(manager, c.id, peer.userId);
    const full = await assign(manager, b, peer.userId);

    expect([unknown.status, unknown.body.errors?.[0]?.path]).toEqual([400, 'body.userId']);
    expect([outsider.status, outsider.body.code]).toEqual([422, 'not_pool_member']);
    expect([full.status, full.body.code]).toEqual([409, 'quota_exceeded']);
    expect((await stored(t.tenantId, b))?.state).toBe('pool');
  });
});

describe('pool customers as members see them', () => {
  it("hides the previous owner's note from members, not from administrators", async () => {
    const { admin, rep, peer, reasonId } = await company();
    const c = await create(rep, { note: '老板很难缠，只在周五下午接电话' });
    await released(rep, c.id, reasonId);

    const listed = (await listAll(peer, { view: 'pool' }))[0];
    const read = await get(peer, c.id);
    const asAdmin = await get(admin, c.id);

    expect(listed).toMatchObject({ id: c.id, note: null, ownerId: null });
    expect(read.body.note).toBeNull();
    expect(asAdmin.body.note).toBe('老板很难缠，只在周五下午接电话');
  });

  it('shows a pool view only to its members (404 otherwise)', async () => {
    const { t, admin, rep, peer, reasonId } = await company();
    const vip = await patchPoolAndCreate(admin, t.roles.manager.id);
    await patchPool(admin, { memberRoleIds: [], memberUserIds: [rep.userId] }, vip);
    const c = await create(rep);
    await released(rep, c.id, reasonId, vip);

    const member = await listAll(rep, { view: 'pool', poolId: vip });
    const outsider = await invoke(
      'GET /v1/customers',
      (await import('#functions/customers/list-customers.ts')).handler,
      {
        as: peer,
        query: { view: 'pool', poolId: vip },
      },
    );

    expect(ids(member)).toEqual([c.id]);
    expect(outsider.status).toBe(404);
    expect((await get(peer, c.id)).status).toBe(404);
  });
});
