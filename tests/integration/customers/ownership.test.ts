import { describe, expect, it } from 'vitest';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as batchCustomers } from '#functions/customers/batch-customers.ts';
import { handler as clearHot } from '#functions/customers/clear-hot.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as removeShare } from '#functions/customers/remove-share.ts';
import { handler as setHot } from '#functions/customers/set-hot.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import * as org from '#lib/org/service.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, ids, listAll, ownedCount, setSettings } from './world.ts';

type Who = { tenantId: string; userId: string };
const transfer = (as: Who, id: string, userId: string, headers?: Record<string, string>) =>
  invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
    as,
    params: { id },
    body: { userId },
    ...(headers ? { headers } : {}),
  });
const share = (as: Who, id: string, userIds: string[]) =>
  invoke('POST /v1/customers/{id}/shares', addShares, { as, params: { id }, body: { userIds } });
const get = (as: Who, id: string) => invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } });
const batch = (as: Who, body: unknown) => invoke('POST /v1/customers/batch', batchCustomers, { as, body });

async function company() {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const peer = await t.addUser('李四', t.roles.rep);
  const manager = await t.addUser('赵经理', t.roles.manager);
  return { t, rep, peer, manager };
}

describe('POST /v1/customers/{id}/transfer', () => {
  it('moves ownership, visibility and the quota counters, and records history', async () => {
    const { rep, peer } = await company();
    const c = await create(rep);

    const res = await transfer(rep, c.id, peer.userId);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ownerId: peer.userId, ownerName: '李四', version: 2 });
    expect((await get(rep, c.id)).status).toBe(404);
    expect(ids(await listAll(peer, { view: 'mine' }))).toEqual([c.id]);
    expect([await ownedCount(rep.tenantId, rep.userId), await ownedCount(rep.tenantId, peer.userId)]).toEqual(
      [0, 1],
    );
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: peer,
      params: { id: c.id },
    });
    expect(overview.body.history.at(-1)).toMatchObject({
      action: 'transfer',
      actorId: rep.userId,
      fromUserId: rep.userId,
      fromUserName: '张三',
      toUserId: peer.userId,
      toUserName: '李四',
      at: expect.any(String),
    });
  });

  it('answers 409 quota_exceeded when the new owner is full', async () => {
    const { t, rep, peer } = await company();
    await setSettings(t.tenantId, { maxCustomersPerRep: 1 });
    await create(peer);
    const c = await create(rep);

    const res = await transfer(rep, c.id, peer.userId);

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('quota_exceeded');
    expect((await get(rep, c.id)).body.ownerId).toBe(rep.userId);
  });

  it('lets exactly one of concurrent transfers to a nearly full rep through', async () => {
    const { t, rep, peer } = await company();
    await setSettings(t.tenantId, { maxCustomersPerRep: 2 });
    await create(peer);
    const customers = [await create(rep), await create(rep)];

    const results = await Promise.all(customers.map((c) => transfer(rep, c.id, peer.userId)));

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await ownedCount(t.tenantId, peer.userId)).toBe(2);
  });

  it.each([
    ['an unknown user', '01ARZ3NDEKTSV4RRFFQ69G5FAV', 400],
    ['a malformed id', 'x', 400],
  ])('refuses %s with 400 at body.userId and changes nothing', async (_, userId, status) => {
    const { rep } = await company();
    const c = await create(rep);

    const res = await transfer(rep, c.id, userId);

    expect(res.status).toBe(status);
    expect(res.body.errors[0].path).toBe('body.userId');
    expect((await get(rep, c.id)).body.version).toBe(1);
  });

  it('answers 422 for the current owner and a disabled user, 403 for a shared user', async () => {
    const { t, rep, peer } = await company();
    const disabled = await t.addUser('停用', t.roles.rep);
    const user = await org.getUser(t.auth, disabled.userId);
    await org.updateUser(t.auth, disabled.userId, user.version, { disabled: true });
    const c = await create(rep);
    await share(rep, c.id, [peer.userId]);

    const self = await transfer(rep, c.id, rep.userId);
    const toDisabled = await transfer(rep, c.id, disabled.userId);
    const byShared = await transfer(peer, c.id, peer.userId);

    expect([self.status, toDisabled.status, byShared.status]).toEqual([422, 422, 403]);
    expect(byShared.body.code).toBe('not_owner');
  });

  it('replays a retry with the same Idempotency-Key', async () => {
    const { rep, peer } = await company();
    const c = await create(rep);

    const first = await transfer(rep, c.id, peer.userId, { 'idempotency-key': 'transfer-1' });
    const retry = await transfer(rep, c.id, peer.userId, { 'idempotency-key': 'transfer-1' });

    expect(retry.body).toEqual(first.body);
    expect(await ownedCount(rep.tenantId, peer.userId)).toBe(1);
  });
});

describe('shares', () => {
  it('shares with users who then see it in their shared view, and unshares', async () => {
    const { t, rep, peer } = await company();
    const third = await t.addUser('王五', t.roles.rep);
    const c = await create(rep);

    const res = await share(rep, c.id, [peer.userId, third.userId, peer.userId]);
    const again = await share(rep, c.id, [peer.userId]);

    expect(res.status).toBe(200);
    expect(res.body.sharedWith).toEqual([peer.userId, third.userId]);
    expect(again.body.version).toBe(res.body.version);
    expect(ids(await listAll(peer, { view: 'shared' }))).toEqual([c.id]);

    const gone = await invoke('DELETE /v1/customers/{id}/shares/{userId}', removeShare, {
      as: rep,
      params: { id: c.id, userId: peer.userId },
    });
    const missing = await invoke('DELETE /v1/customers/{id}/shares/{userId}', removeShare, {
      as: rep,
      params: { id: c.id, userId: peer.userId },
    });

    expect(gone.status).toBe(204);
    expect(missing.status).toBe(404);
    expect(await listAll(peer, { view: 'shared' })).toEqual([]);
    expect((await get(peer, c.id)).status).toBe(404);
    expect(ids(await listAll(third, { view: 'shared' }))).toEqual([c.id]);
  });

  it('keeps the shared copy current: an edit shows in the shared view', async () => {
    const { rep, peer } = await company();
    const c = await create(rep);
    await share(rep, c.id, [peer.userId]);

    await invoke('PUT /v1/customers/{id}/hot', setHot, { as: rep, params: { id: c.id } });

    expect((await listAll(peer, { view: 'shared' }))[0]).toMatchObject({ hot: true, version: 3 });
  });

  it.each([
    ['an unknown user', ['01ARZ3NDEKTSV4RRFFQ69G5FAV'], 'body.userIds.0', 'unknown_user'],
    ['the owner', ['OWNER'], 'body.userIds.0', 'is_owner'],
    ['no users', [], 'body.userIds', 'too_small'],
  ])('refuses %s with 400 and shares nothing', async (_, userIds, path, code) => {
    const { rep } = await company();
    const c = await create(rep);

    const res = await share(
      rep,
      c.id,
      userIds.map((u) => (u === 'OWNER' ? rep.userId : u)),
    );

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path, code });
    expect((await get(rep, c.id)).body.sharedWith).toEqual([]);
  });

  it('lets only the owner, superiors and admins share (403 for the shared user, 404 for a peer)', async () => {
    const { t, rep, peer, manager } = await company();
    const third = await t.addUser('王五', t.roles.rep);
    const c = await create(rep);
    await share(rep, c.id, [peer.userId]);

    const byShared = await share(peer, c.id, [third.userId]);
    const byStranger = await share(third, c.id, [third.userId]);
    const byManager = await share(manager, c.id, [third.userId]);

    expect([byShared.status, byStranger.status, byManager.status]).toEqual([403, 404, 200]);
  });
});

describe('hot flag', () => {
  it('sets and clears hot, idempotently', async () => {
    const { rep } = await company();
    const c = await create(rep);

    const on = await invoke('PUT /v1/customers/{id}/hot', setHot, { as: rep, params: { id: c.id } });
    const onAgain = await invoke('PUT /v1/customers/{id}/hot', setHot, { as: rep, params: { id: c.id } });
    const hotList = ids(await listAll(rep, { view: 'hot' }));
    const off = await invoke('DELETE /v1/customers/{id}/hot', clearHot, { as: rep, params: { id: c.id } });

    expect(on.body).toMatchObject({ hot: true, version: 2 });
    expect(onAgain.body.version).toBe(2);
    expect(hotList).toEqual([c.id]);
    expect(off.body).toMatchObject({ hot: false, version: 3 });
    expect(await listAll(rep, { view: 'hot' })).toEqual([]);
  });

  it('answers 404 for a customer the caller cannot see', async () => {
    const { rep, peer } = await company();
    const c = await create(rep);

    const res = await invoke('PUT /v1/customers/{id}/hot', setHot, { as: peer, params: { id: c.id } });

    expect(res.status).toBe(404);
  });
});

describe('POST /v1/customers/batch', () => {
  it('answers per id: done, not visible, not allowed', async () => {
    const { rep, peer } = await company();
    const mine = [await create(rep), await create(rep)];
    const peers = await create(peer);
    const unknown = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

    const res = await batch(rep, {
      action: 'hot',
      hot: true,
      ids: [mine[0]?.id, peers.id, unknown, mine[1]?.id],
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'hot', succeeded: 2, failed: 2 });
    expect(res.body.results).toEqual([
      { id: mine[0]?.id, status: 200 },
      { id: peers.id, status: 404, code: 'not_found' },
      { id: unknown, status: 404, code: 'not_found' },
      { id: mine[1]?.id, status: 200 },
    ]);
    expect(ids(await listAll(rep, { view: 'hot' })).sort()).toEqual(ids(mine).sort());
  });

  it('transfers, shares and deletes many at once', async () => {
    const { t, rep, peer } = await company();
    const third = await t.addUser('王五', t.roles.rep);
    const cs = [await create(rep), await create(rep), await create(rep)];

    const shared = await batch(rep, { action: 'share', ids: ids(cs), userIds: [third.userId] });
    const moved = await batch(rep, { action: 'transfer', ids: ids(cs).slice(0, 2), userId: peer.userId });
    const deleted = await batch(rep, { action: 'delete', ids: ids(cs).slice(2) });

    expect([shared.body.succeeded, moved.body.succeeded, deleted.body.succeeded]).toEqual([3, 2, 1]);
    expect(deleted.body.results[0].status).toBe(204);
    expect(ids(await listAll(third, { view: 'shared' })).sort()).toEqual(ids(cs).slice(0, 2).sort());
    expect(ids(await listAll(peer, { view: 'mine' })).sort()).toEqual(ids(cs).slice(0, 2).sort());
    expect(ids(await listAll(rep, { view: 'recycle' }))).toEqual([cs[2]?.id]);
  });

  it.each([
    ['an unknown action', { action: 'archive', ids: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] }, 'body.action'],
    [
      'more than 100 ids',
      { action: 'delete', ids: Array(101).fill('01ARZ3NDEKTSV4RRFFQ69G5FAV') },
      'body.ids',
    ],
    ['a transfer without userId', { action: 'transfer', ids: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] }, 'body.userId'],
    ['an extra field', { action: 'delete', ids: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'], hot: true }, 'body'],
  ])('rejects %s with 400 naming the field', async (_, body, path) => {
    const { rep } = await company();

    const res = await batch(rep, body);

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
