import { afterEach, describe, expect, it } from 'vitest';
import { handler as previewReclaim } from '#functions/pool/preview-reclaim.ts';
import { setClock } from '#lib/clock.ts';
import { commit, getCustomer, saveCustomerSteps } from '#lib/customers/repository.ts';
import type { CustomerRecord } from '#lib/customers/rules.ts';
import { listNotifications } from '#lib/notifications/repository.ts';
import * as org from '#lib/org/service.ts';
import { runReclaim } from '#lib/pool/job.ts';
import { getTask } from '#lib/pool/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import {
  claim,
  company,
  create,
  history,
  ids,
  listAll,
  lock,
  ownedCount,
  patchPool,
  stored,
} from './world.ts';

const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const at = (days: number, minutes = 0) => new Date(T0 + days * 86_400_000 + minutes * 60_000);
const iso = (days: number, minutes = 0) => at(days, minutes).toISOString();

afterEach(() => setClock(undefined));

/** A company whose default pool reclaims after 30 days without a follow-up (warned 3 days ahead). */
async function reclaiming(rules: Record<string, unknown> = {}) {
  const world = await company();
  await patchPool(world.admin, { reclaim: { enabled: true, noFollowUpDays: 30, warnDays: 3, ...rules } });
  const job = (opts: { maxItems?: number; pageSize?: number } = {}) =>
    runReclaim({ ...opts, tenantIds: [world.t.tenantId] });
  // The rule change opened a recompute (of no customers yet): finish it before the scenario starts.
  await job();
  return { ...world, job };
}

/**
 * Another context's write that changes what reclaim depends on without recomputing (the pipeline
 * marking a deal, a follow-up writer): the customer's reclaim entry stays early.
 */
async function writeBehindReclaim(tenantId: string, id: string, changes: Partial<CustomerRecord>) {
  const c = (await getCustomer(tenantId, id)) as CustomerRecord;
  await commit(saveCustomerSteps(tenantId, { ...c, ...changes, version: c.version + 1 }, c, {}));
}

const preview = (as: Caller, query: Record<string, string>, poolId = 'default') =>
  invoke('GET /v1/pools/{id}/reclaim-preview', previewReclaim, { as, params: { id: poolId }, query });

async function createdAt(days: number, owner: Caller, body: Record<string, unknown> = {}) {
  setClock(at(days));
  return create(owner, body);
}

describe('the reclaim job', () => {
  it('reclaims the due customers only: not the not-yet-due, the locked, the followed-up since, the won', async () => {
    const { t, rep, job } = await reclaiming();
    const due = await createdAt(0, rep);
    const notYet = await createdAt(5, rep);
    const locked = await createdAt(0, rep);
    await lock(rep, locked.id);
    const followedUp = await createdAt(0, rep);
    const won = await createdAt(0, rep);
    await writeBehindReclaim(t.tenantId, followedUp.id, { lastFollowUpAt: iso(10) });
    await writeBehindReclaim(t.tenantId, won.id, { won: true, lastDealAt: iso(12) });
    setClock(at(30, 1));

    const run = await job();

    expect(run).toMatchObject({ reclaimed: 1, corrected: 2, complete: true });
    expect(await stored(t.tenantId, due.id)).toMatchObject({
      state: 'pool',
      poolId: 'default',
      ownerId: null,
    });
    expect(await stored(t.tenantId, notYet.id)).toMatchObject({ state: 'active', reclaimAt: iso(35) });
    expect(await stored(t.tenantId, locked.id)).toMatchObject({
      state: 'active',
      locked: true,
      reclaimAt: null,
    });
    expect(await stored(t.tenantId, followedUp.id)).toMatchObject({ state: 'active', reclaimAt: iso(40) });
    expect(await stored(t.tenantId, won.id)).toMatchObject({ state: 'active', reclaimAt: null });
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(4);
  });

  it('records the reclaim in the owner history and notifies the previous owner once', async () => {
    const { t, rep, peer, job } = await reclaiming();
    const c = await createdAt(0, rep, { name: '回收测试科技有限公司' });
    setClock(at(31));

    await job();

    expect((await history(peer, c.id)).body.items[0]).toMatchObject({
      action: 'reclaim',
      actorId: null,
      fromUserId: rep.userId,
      toUserId: null,
      poolId: 'default',
      reasonId: 'reclaimed',
      note: '超过 30 天未跟进',
    });
    const notes = await listNotifications(t.tenantId, rep.userId, { unread: false, limit: 10 });
    expect(notes.items).toEqual([
      expect.objectContaining({
        kind: 'reclaimed',
        link: `/v1/customers/${c.id}`,
        title: expect.stringContaining('回收测试'),
      }),
    ]);
  });

  it('reclaims once when run twice', async () => {
    const { t, rep, job } = await reclaiming();
    const cs = [await createdAt(0, rep), await createdAt(1, rep)];
    setClock(at(32));

    const first = await job();
    const second = await job();

    expect([first.reclaimed, second.reclaimed]).toEqual([2, 0]);
    for (const c of cs) {
      const moves = (await history(rep, c.id)).body.items as Array<{ action: string }>;
      expect(moves.filter((h) => h.action === 'reclaim')).toHaveLength(1);
    }
    expect(
      (await listNotifications(t.tenantId, rep.userId, { unread: false, limit: 10 })).items,
    ).toHaveLength(2);
  });

  it('reclaims each customer once when concurrent runs overlap', async () => {
    const { t, rep, job } = await reclaiming();
    const cs = [];
    for (let i = 0; i < 6; i++) cs.push(await createdAt(0, rep));
    setClock(at(31));

    const runs = await Promise.all([job(), job(), job()]);

    expect(runs.reduce((n, r) => n + r.reclaimed, 0)).toBe(6);
    expect(
      (await listNotifications(t.tenantId, rep.userId, { unread: false, limit: 20 })).items,
    ).toHaveLength(6);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(0);
  });

  it('finishes a run interrupted after k customers: every due customer reclaimed exactly once', async () => {
    const { t, rep, peer, job } = await reclaiming();
    const cs = [];
    for (let i = 0; i < 5; i++) cs.push(await createdAt(i, i % 2 ? peer : rep));
    setClock(at(40));

    const crashed = await job({ maxItems: 2 });
    const resumed = await job();

    expect([crashed.reclaimed, crashed.complete]).toEqual([2, false]);
    expect([resumed.reclaimed, resumed.complete]).toEqual([3, true]);
    for (const c of cs) {
      expect((await stored(t.tenantId, c.id))?.state).toBe('pool');
      const moves = (await history(rep, c.id)).body.items as Array<{ action: string }>;
      expect(moves.filter((h) => h.action === 'reclaim')).toHaveLength(1);
    }
  });

  it('counts a customer claimed from the pool from the claim, in its own pool', async () => {
    const { t, rep, peer, job } = await reclaiming();
    const c = await createdAt(0, rep);
    setClock(at(31));
    await job();
    setClock(at(33));
    await claim(peer, c.id);

    setClock(at(62));
    const early = await job();
    setClock(at(63));
    const due = await job();

    expect([early.reclaimed, due.reclaimed]).toEqual([0, 1]);
    expect((await stored(t.tenantId, c.id))?.previousOwnerId).toBe(peer.userId);
  });
});

describe('GET /v1/pools/{id}/reclaim-preview', () => {
  it('shows what the job then reclaims, and changes nothing', async () => {
    const { t, admin, rep, peer, job } = await reclaiming();
    const early = await createdAt(0, rep);
    const second = await createdAt(2, peer);
    const later = await createdAt(9, rep);
    const followedUp = await createdAt(0, peer);
    await writeBehindReclaim(t.tenantId, followedUp.id, { lastFollowUpAt: iso(6) });
    setClock(at(1));

    const res = await preview(admin, { at: iso(33) });
    const unchanged = await stored(t.tenantId, early.id);
    setClock(at(33));
    const run = await job();

    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.customer.id)).toEqual([early.id, second.id]);
    expect(res.body.items[0]).toMatchObject({ reclaimAt: iso(30), cause: 'noFollowUp' });
    expect(unchanged).toMatchObject({ state: 'active', version: 1 });
    expect(run.reclaimed).toBe(2);
    const stillOwned = [later.id, followedUp.id];
    for (const id of stillOwned) expect((await stored(t.tenantId, id))?.state).toBe('active');
  });

  it('shows a pool.assign holder only id, name, owner and reclaimAt of customers outside their scope', async () => {
    const { t, rep, manager } = await reclaiming();
    const assignerRole = await org.createRole(t.auth, {
      name: '分配员',
      parentId: t.roles.root.id,
      permissions: ['pool.assign'],
    });
    const assigner = await t.addUser('分配员', assignerRole);
    const secret = await createdAt(0, rep, { private: true, phone: '13800138000', note: '只给经理看' });
    setClock(at(1));

    const restricted = await preview(assigner, { at: iso(33) });
    const superior = await preview(manager, { at: iso(33) });

    expect(restricted.status).toBe(200);
    expect(restricted.body.items.map((i: any) => i.customer)).toEqual([
      {
        id: secret.id,
        name: secret.name,
        ownerId: rep.userId,
        ownerName: rep.name,
        reclaimAt: iso(30),
        restricted: true,
      },
    ]);
    expect(superior.body.items[0].customer).toMatchObject({
      id: secret.id,
      phone: '+8613800138000',
      note: '只给经理看',
    });
  });

  it('answers 403 to a member who may not assign, 404 to a non-member pool and 400 to a bad instant', async () => {
    const { rep, admin } = await company();

    const plain = await preview(rep, {});
    const unknown = await preview(admin, {}, 'nope');
    const bad = await preview(admin, { at: 'tomorrow' });

    expect([plain.status, plain.body.code]).toEqual([403, 'not_pool_admin']);
    expect(unknown.status).toBe(404);
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'query.at']);
  });
});

describe('GET /v1/customers?view=reclaim-soon', () => {
  it("lists the caller's customers within the pool's warnDays, soonest first", async () => {
    const { rep, peer } = await reclaiming();
    const a = await createdAt(0, rep);
    const b = await createdAt(1, rep);
    await createdAt(5, rep);
    await createdAt(0, peer);
    const locked = await createdAt(0, rep);
    await lock(rep, locked.id);
    setClock(at(28));

    const soon = await listAll(rep, { view: 'reclaim-soon' });

    expect(ids(soon)).toEqual([a.id, b.id]);
    expect(soon[0]).toMatchObject({ reclaimAt: iso(30) });
  });
});

describe('a change of the reclaim rules', () => {
  it('recomputes every owned customer in the background, resumably from its checkpoint', async () => {
    const world = await company();
    const { t, admin, rep } = world;
    const job = (opts: { maxItems?: number; pageSize?: number } = {}) =>
      runReclaim({ ...opts, tenantIds: [t.tenantId] });
    const cs = [];
    for (let i = 0; i < 5; i++) cs.push(await createdAt(i, rep));
    expect((await stored(t.tenantId, cs[0]?.id as string))?.reclaimAt).toBeNull();

    await patchPool(admin, { reclaim: { enabled: true, noFollowUpDays: 10 } });
    const partial = await job({ maxItems: 3, pageSize: 2 });
    const checkpoint = await getTask(t.tenantId, 'default');
    const rest = await job({ pageSize: 2 });

    expect(partial).toMatchObject({ recomputed: 3, complete: false });
    expect(checkpoint?.cursor).toEqual(expect.any(String));
    expect(rest).toMatchObject({ recomputesFinished: 1, complete: true });
    expect(partial.recomputed + rest.recomputed).toBe(5);
    for (const [i, c] of cs.entries()) expect((await stored(t.tenantId, c.id))?.reclaimAt).toBe(iso(i + 10));
    expect(await getTask(t.tenantId, 'default')).toBeUndefined();
  });

  it('applies the days of a customer level, also when the level is changed on the customer', async () => {
    const world = await company();
    const { listDictionary } = await import('#lib/settings/repository.ts');
    const [levelA] = await listDictionary(world.t.tenantId, 'level');
    await patchPool(world.admin, {
      reclaim: { enabled: true, noFollowUpDays: 30, byLevel: { [levelA?.id as string]: 90 } },
    });
    const c = await createdAt(0, world.rep, { levelId: levelA?.id });
    const d = await createdAt(0, world.rep);
    const { handler: updateCustomer } = await import('#functions/customers/update-customer.ts');

    const res = await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: world.rep,
      params: { id: d.id },
      body: { levelId: levelA?.id },
      headers: { 'if-match': `"${d.version}"` },
    });

    expect((await stored(world.t.tenantId, c.id))?.reclaimAt).toBe(iso(90));
    expect(res.body.reclaimAt).toBe(iso(90));
  });
});
