import { describe, expect, it } from 'vitest';
import { handler as batchCustomers } from '#functions/customers/batch-customers.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as restoreCustomer } from '#functions/customers/restore-customer.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as unlockCustomer } from '#functions/pool/unlock-customer.ts';
import { handler as toPool } from '#functions/recycle-bin/move-to-pool.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import {
  assign,
  claim,
  company,
  create,
  history,
  ids,
  listAll,
  lock,
  lockedCount,
  ownedCount,
  release,
  released,
  setSettings,
  stored,
  tally,
} from './world.ts';

const unlock = (as: Caller, id: string) =>
  invoke('DELETE /v1/customers/{id}/lock', unlockCustomer, { as, params: { id } });
const batch = (as: Caller, body: unknown) => invoke('POST /v1/customers/batch', batchCustomers, { as, body });

describe('POST /v1/customers/{id}/release', () => {
  it('puts the customer into the default pool with its reason: unowned, uncounted, listed, recorded', async () => {
    const { rep, peer, reasonId } = await company();
    const c = await create(rep);

    const res = await release(rep, c.id, { reasonId, note: '客户说半年后再联系' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'pool', poolId: 'default', ownerId: null, reclaimAt: null });
    expect(await ownedCount(rep.tenantId, rep.userId)).toBe(0);
    expect(ids(await listAll(peer, { view: 'pool' }))).toEqual([c.id]);
    expect(ids(await listAll(rep, { view: 'mine' }))).toEqual([]);
    expect((await history(peer, c.id)).body.items[0]).toMatchObject({
      action: 'release',
      actorId: rep.userId,
      fromUserId: rep.userId,
      toUserId: null,
      poolId: 'default',
      reasonId,
      note: '客户说半年后再联系',
    });
  });

  it.each([
    ['a missing reason', () => ({}), 'body.reasonId'],
    ['a reason that is not an id', () => ({ reasonId: 'x' }), 'body.reasonId'],
    ['an unknown reason', () => ({ reasonId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }), 'body.reasonId'],
    ['an unknown pool', (reasonId: string) => ({ reasonId, poolId: 'nope' }), 'body.poolId'],
    ['an unknown field', (reasonId: string) => ({ reasonId, color: 'red' }), 'body'],
  ])('answers 400 for %s and changes nothing', async (_, body, path) => {
    const { rep, reasonId } = await company();
    const c = await create(rep);

    const res = await release(rep, c.id, body(reasonId));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await stored(rep.tenantId, c.id)).toMatchObject({
      state: 'active',
      ownerId: rep.userId,
      version: 1,
    });
    expect(await ownedCount(rep.tenantId, rep.userId)).toBe(1);
  });

  it('answers 404 to a peer and to another tenant, 409 customer_in_pool for a pool customer', async () => {
    const { rep, peer, reasonId } = await company();
    const c = await create(rep);
    const other = await newTenant();
    const [otherReason] = await listDictionary(other.tenantId, 'poolReason');

    const byPeer = await release(peer, c.id, { reasonId });
    const foreign = await release(other.admin, c.id, { reasonId: otherReason?.id });
    await released(rep, c.id, reasonId);
    const twice = await release(rep, c.id, { reasonId });

    expect(byPeer.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect([twice.status, twice.body.code]).toEqual([409, 'customer_in_pool']);
  });

  it("lets the owner's superior release it", async () => {
    const { rep, manager, reasonId } = await company();
    const c = await create(rep);

    expect((await release(manager, c.id, { reasonId })).status).toBe(200);
  });
});

describe('POST /v1/customers/batch { action: release }', () => {
  it('releases each id on its own, with per-id results', async () => {
    const { rep, peer, reasonId } = await company();
    const mine = [await create(rep), await create(rep)];
    const theirs = await create(peer);

    const res = await batch(rep, { action: 'release', ids: [...ids(mine), theirs.id], reasonId });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'release', succeeded: 2, failed: 1 });
    expect(res.body.results[2]).toEqual({ id: theirs.id, status: 404, code: 'not_found' });
    expect(ids(await listAll(peer, { view: 'pool' })).sort()).toEqual(ids(mine).sort());
  });

  it('answers 400 for the whole batch when the reason is unknown, changing nothing', async () => {
    const { rep } = await company();
    const c = await create(rep);

    const res = await batch(rep, { action: 'release', ids: [c.id], reasonId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' });

    expect(res.status).toBe(400);
    expect((await stored(rep.tenantId, c.id))?.state).toBe('active');
  });
});

describe('PUT|DELETE /v1/customers/{id}/lock', () => {
  it('locks within lockedCustomersPerRep (409 lock_limit beyond), and unlocking frees a place', async () => {
    const { t, rep } = await company();
    await setSettings(t.tenantId, { lockedCustomersPerRep: 2 });
    const [a, b, c] = [await create(rep), await create(rep), await create(rep)];

    const first = await lock(rep, a.id);
    await lock(rep, b.id);
    const third = await lock(rep, c.id);
    await unlock(rep, a.id);
    const again = await lock(rep, c.id);

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ locked: true, reclaimAt: null });
    expect([third.status, third.body.code]).toEqual([409, 'lock_limit']);
    expect(again.status).toBe(200);
    expect(await lockedCount(t.tenantId, rep.userId)).toBe(2);
  });

  it('holds the lock limit under concurrency', async () => {
    const { t, rep } = await company();
    await setSettings(t.tenantId, { lockedCustomersPerRep: 2 });
    const cs = await Promise.all(Array.from({ length: 6 }, () => create(rep)));

    const answers = await Promise.all(cs.map((c) => lock(rep, c.id)));

    expect(tally(answers)).toEqual({ '200': 2, '409 lock_limit': 4 });
    expect(await lockedCount(t.tenantId, rep.userId)).toBe(2);
  });

  it('counts a lock once when it is set twice', async () => {
    const { t, rep } = await company();
    const c = await create(rep);

    await lock(rep, c.id);
    const twice = await lock(rep, c.id);

    expect(twice.status).toBe(200);
    expect(await lockedCount(t.tenantId, rep.userId)).toBe(1);
  });

  it('ends the lock and frees its place when the customer leaves its owner', async () => {
    const { t, rep, peer, reasonId } = await company();
    const [a, b, c] = [await create(rep), await create(rep), await create(rep)];
    await Promise.all([a, b, c].map((x) => lock(rep, x.id)));

    await released(rep, a.id, reasonId);
    await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: rep,
      params: { id: b.id },
      body: { userId: peer.userId },
    });
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: rep, params: { id: c.id } });

    expect(await lockedCount(t.tenantId, rep.userId)).toBe(0);
    expect(await lockedCount(t.tenantId, peer.userId)).toBe(0);
    expect((await stored(t.tenantId, b.id))?.locked).toBe(false);
  });

  it('answers 404 to a peer and 409 for a pool customer', async () => {
    const { rep, peer, reasonId } = await company();
    const c = await create(rep);
    const d = await create(rep);
    await released(rep, d.id, reasonId);

    expect((await lock(peer, c.id)).status).toBe(404);
    expect((await lock(rep, d.id)).body.code).toBe('customer_in_pool');
  });
});

describe('GET /v1/customers/{id}/owner-history', () => {
  it('records every move with actor, from, to, reason and time, newest first', async () => {
    const { rep, peer, manager, reasonId } = await company();
    const c = await create(rep);
    await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: rep,
      params: { id: c.id },
      body: { userId: peer.userId },
    });
    await released(peer, c.id, reasonId);
    await claim(rep, c.id);
    await released(rep, c.id, reasonId);
    await assign(manager, c.id, peer.userId);
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: peer, params: { id: c.id } });
    await invoke('POST /v1/recycle-bin/{id}/to-pool', toPool, { as: manager, params: { id: c.id } });
    await claim(rep, c.id);

    const res = await history(rep, c.id);

    expect(res.status).toBe(200);
    const moves = (res.body.items as any[]).map((h) => [h.action, h.fromUserName, h.toUserName, h.actorName]);
    expect(moves).toEqual([
      ['claim', null, '张三', '张三'],
      ['toPool', '李四', null, '赵经理'],
      ['delete', '李四', null, '李四'],
      ['assign', null, '李四', '赵经理'],
      ['release', '张三', null, '张三'],
      ['claim', null, '张三', '张三'],
      ['release', '李四', null, '李四'],
      ['transfer', '张三', '李四', '张三'],
      ['create', null, '张三', '张三'],
    ]);
    expect(res.body.items[4]).toMatchObject({ reasonId, at: expect.any(String) });
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages with a cursor and answers 404 to those who cannot see the customer', async () => {
    const { rep, peer, reasonId } = await company();
    const c = await create(rep);
    await released(rep, c.id, reasonId);
    await claim(rep, c.id);
    const other = await newTenant();

    const first = await history(rep, c.id, { limit: '2' });
    const second = await history(rep, c.id, { limit: '2', cursor: first.body.nextCursor });

    expect(first.body.items.map((h: any) => h.action)).toEqual(['claim', 'release']);
    expect(second.body.items.map((h: any) => h.action)).toEqual(['create']);
    expect((await history(peer, c.id)).status).toBe(404);
    expect((await history(other.admin, c.id)).status).toBe(404);
  });
});

describe('restore from the bin', () => {
  it('gives the restored customer a fresh ownership', async () => {
    const { rep } = await company();
    const c = await create(rep);
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: rep, params: { id: c.id } });

    const res = await invoke('POST /v1/customers/{id}/restore', restoreCustomer, {
      as: rep,
      params: { id: c.id },
    });

    expect(res.status).toBe(200);
    expect((await stored(rep.tenantId, c.id))?.ownedSince).toBe(res.body.updatedAt);
  });
});
