import { describe, expect, it } from 'vitest';
import { handler as claimCustomer } from '#functions/pool/claim-customer.ts';
import type { Caller } from '#tests/support/api.ts';
import { invoke } from '#tests/support/api.ts';
import { company, create, history, ownedCount, patchPool, released, stored, tally } from './world.ts';

/** 公海交换 (seed 001: 得到客户需要拿一个客户交换): a claim from an exchange pool gives one back. */
const exchange = (as: Caller, id: string, body?: Record<string, unknown>) =>
  invoke('POST /v1/customers/{id}/claim', claimCustomer, { as, params: { id }, ...(body ? { body } : {}) });

async function exchangePool(limit: number | null = null) {
  const w = await company();
  await patchPool(w.admin, { exchangeRequired: true, claimDailyLimit: limit });
  return w;
}

/** A customer of `from` released into the default pool. */
async function inPool(w: Awaited<ReturnType<typeof company>>, from = w.manager) {
  const c = await create(from);
  await released(from, c.id, w.reasonId);
  return c;
}

describe('exchange pools', () => {
  it('refuse a claim without a customer to give back (422), changing nothing', async () => {
    const w = await exchangePool();
    const p = await inPool(w);
    const mine = await create(w.rep);
    const res = await exchange(w.rep, p.id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('exchange_required');
    expect((await stored(w.t.tenantId, p.id))?.state).toBe('pool');
    expect((await stored(w.t.tenantId, mine.id))?.ownerId).toBe(w.rep.userId);
  });

  it("take the pool customer and give the caller's own back in one step; the owned count stays", async () => {
    const w = await exchangePool();
    const p = await inPool(w);
    const mine = await create(w.rep);
    const res = await exchange(w.rep, p.id, { releaseId: mine.id, reasonId: w.reasonId });
    expect(res.status).toBe(200);
    expect(res.body.ownerId).toBe(w.rep.userId);
    const given = await stored(w.t.tenantId, mine.id);
    expect(given).toMatchObject({ state: 'pool', ownerId: null, previousOwnerId: w.rep.userId });
    expect(await ownedCount(w.t.tenantId, w.rep.userId)).toBe(1);
    const entries = (await history(w.rep, p.id)).body.items;
    expect(entries[0]).toMatchObject({ action: 'claim', toUserId: w.rep.userId });
  });

  it("refuse to take back what is not one of the caller's own customers (422 invalid_exchange)", async () => {
    const w = await exchangePool();
    const p = await inPool(w);
    const peers = await create(w.peer);
    const res = await exchange(w.rep, p.id, { releaseId: peers.id });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_exchange');
    expect((await stored(w.t.tenantId, peers.id))?.ownerId).toBe(w.peer.userId);
  });

  it('keep the daily claim limit', async () => {
    const w = await exchangePool(1);
    const [p1, p2] = [await inPool(w), await inPool(w)];
    const [m1, m2] = [await create(w.rep), await create(w.rep)];
    expect((await exchange(w.rep, p1.id, { releaseId: m1.id })).status).toBe(200);
    const second = await exchange(w.rep, p2.id, { releaseId: m2.id });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('daily_claim_limit');
    expect((await stored(w.t.tenantId, m2.id))?.ownerId).toBe(w.rep.userId);
  });

  it('let one of several reps racing for one customer win; only the winner gives theirs back', async () => {
    const w = await exchangePool();
    const p = await inPool(w);
    const reps = [w.rep, w.peer, w.third];
    const own = await Promise.all(reps.map((r) => create(r)));
    const answers = await Promise.all(reps.map((r, i) => exchange(r, p.id, { releaseId: own[i]?.id })));
    expect(tally(answers)).toEqual({ '200': 1, '409 already_claimed': 2 });
    const winner = answers.findIndex((a) => a.status === 200);
    const states = await Promise.all(own.map((c) => stored(w.t.tenantId, c.id)));
    expect(states.map((c) => c?.state)).toEqual(own.map((_, i) => (i === winner ? 'pool' : 'active')));
    expect((await stored(w.t.tenantId, p.id))?.ownerId).toBe(reps[winner]?.userId);
  });

  it('give the same customer back exactly once when it is offered for several claims at once', async () => {
    const w = await exchangePool();
    const wanted = await Promise.all([1, 2, 3, 4].map(() => inPool(w)));
    const mine = await create(w.rep);
    const answers = await Promise.all(wanted.map((p) => exchange(w.rep, p.id, { releaseId: mine.id })));
    expect(tally(answers)).toEqual({ '200': 1, '422 invalid_exchange': 3 });
    expect((await stored(w.t.tenantId, mine.id))?.state).toBe('pool');
    const releases = (await history(w.admin, mine.id)).body.items.filter((e: any) => e.action === 'release');
    expect(releases).toHaveLength(1);
    const owners = await Promise.all(wanted.map((p) => stored(w.t.tenantId, p.id)));
    expect(owners.filter((c) => c?.ownerId === w.rep.userId)).toHaveLength(1);
    expect(owners.filter((c) => c?.state === 'pool')).toHaveLength(3);
    expect(await ownedCount(w.t.tenantId, w.rep.userId)).toBe(1);
  });
});
