import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as getPerformance } from '#functions/analytics/get-performance.ts';
import { handler as getProducts } from '#functions/analytics/get-products.ts';
import { handler as putTargets } from '#functions/analytics/put-targets.ts';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { handler as updateContract } from '#functions/pipeline/update-contract.ts';
import { setClock } from '#lib/clock.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { world } from '../pipeline/world.ts';
import { contract, customer, expectOk, product, startLifecycle } from './world.ts';

let streams: Awaited<ReturnType<typeof startLifecycle>>;
beforeAll(async () => {
  streams = await startLifecycle(['analytics']);
});
afterAll(() => streams.stop());
afterEach(() => setClock(undefined));

const JANUARY = { from: '2026-01-01', to: '2026-01-31' };
const report = (as: Caller, query: Record<string, string> = {}) =>
  invoke('GET /v1/analytics/products', getProducts, { as, query: { ...JANUARY, ...query } });
const rows = (body: { items: Array<{ key: string; quantity: number; amountFen: number }> }) =>
  Object.fromEntries(body.items.map((i) => [i.key, [i.quantity, i.amountFen]]));

describe('product analysis (产品分析)', () => {
  it('adds up the lines of the contracts signed in the range, per product and per category, within the scope', async () => {
    const w = await world();
    const [category] = await listDictionary(w.tenantId, 'productCategory');
    const a = await product(w.admin, { priceFen: 10_000 });
    const b = await product(w.admin, { priceFen: 25_000, categoryId: category?.id });
    const [mine, peers] = [await customer(w.owner), await customer(w.peer)];
    const lines = (...l: Array<[string, number]>) =>
      l.map(([productId, quantity]) => ({ productId, quantity }));
    await contract(w.owner, mine.id, a.id, { signedOn: '2026-01-05', lines: lines([a.id, 2], [b.id, 1]) });
    const voided = await contract(w.owner, mine.id, a.id, {
      signedOn: '2026-01-06',
      lines: lines([a.id, 3]),
    });
    await contract(w.owner, mine.id, b.id, { lines: lines([b.id, 5]) }); // a draft: no deal yet
    await contract(w.owner, mine.id, b.id, { signedOn: '2026-02-01', lines: lines([b.id, 7]) }); // outside
    await contract(w.peer, peers.id, b.id, { signedOn: '2026-01-20', lines: lines([b.id, 2]) });
    expectOk(
      await invoke('PATCH /v1/contracts/{id}', updateContract, {
        as: w.owner,
        params: { id: voided.id },
        headers: { 'if-match': `"${voided.version}"` },
        body: { status: 'terminated' },
      }),
      200,
      'terminate',
    );
    await streams.settled();

    const company = expectOk(await report(w.admin), 200, 'products');
    expect(rows(company)).toEqual({ [a.id]: [2, 20_000], [b.id]: [3, 75_000] });
    expect(company.totalFen).toBe(95_000);
    expect(company.items[0]).toMatchObject({ key: b.id, label: b.name });

    const byCategory = expectOk(await report(w.admin, { by: 'category' }), 200, 'products by category');
    expect(byCategory.items).toEqual([
      { key: category?.id, label: category?.label, quantity: 3, amountFen: 75_000, percent: 78.9 },
      { key: '-', label: '未设置', quantity: 2, amountFen: 20_000, percent: 21.1 },
    ]);

    expect(rows(expectOk(await report(w.owner), 200, 'own products'))).toEqual({
      [a.id]: [2, 20_000],
      [b.id]: [1, 25_000],
    });
    expect(rows(expectOk(await report(w.manager, { userId: w.peer.userId }), 200, 'peer'))).toEqual({
      [b.id]: [2, 50_000],
    });
    expect((await report(w.owner, { userId: w.peer.userId })).status).toBe(404);
    expect((await report(w.outsider, { userId: w.owner.userId })).status).toBe(404);
  });
});

describe('employee performance (员工业绩)', () => {
  it('counts per rep what they did in the range, visits among the follow-ups, against their target', async () => {
    const w = await world();
    setClock(new Date('2026-01-10T02:00:00.000Z'));
    const [visit] = (await listDictionary(w.tenantId, 'channel')).filter((i) => i.label === '拜访');
    const [phone] = (await listDictionary(w.tenantId, 'channel')).filter((i) => i.label === '电话');
    const a = await product(w.admin, { priceFen: 10_000 });
    const c = await customer(w.owner);
    for (const channel of [visit?.id, phone?.id])
      expectOk(
        await invoke('POST /v1/customers/{id}/followups', createFollowUp, {
          as: w.owner,
          params: { id: c.id },
          body: { content: '沟通', channel },
        }),
        201,
        'follow-up',
      );
    await contract(w.owner, c.id, a.id, {
      signedOn: '2026-01-10',
      lines: [{ productId: a.id, quantity: 2 }],
    });
    expectOk(
      await invoke('PUT /v1/analytics/targets', putTargets, {
        as: w.admin,
        body: {
          period: '2026-01',
          targets: [{ userId: w.owner.userId, metric: 'contractFen', value: 40_000 }],
        },
      }),
      200,
      'targets',
    );
    await streams.settled();

    const res = await invoke('GET /v1/analytics/performance', getPerformance, {
      as: w.manager,
      query: JANUARY,
    });
    const body = expectOk(res, 200, 'performance');
    expect(body.period).toBe('2026-01');
    expect(body.items.find((i: { key: string }) => i.key === w.owner.userId)).toEqual({
      key: w.owner.userId,
      label: w.owner.name,
      newCustomers: 1,
      followups: 2,
      visits: 1,
      wonCustomers: 1,
      contractFen: 20_000,
      receivedFen: 0,
      targetCompletion: 50,
    });
    expect(body.items.find((i: { key: string }) => i.key === w.peer.userId)).toMatchObject({
      followups: 0,
      targetCompletion: null,
    });
    const own = expectOk(
      await invoke('GET /v1/analytics/performance', getPerformance, { as: w.owner, query: JANUARY }),
      200,
      'own performance',
    );
    expect(own.items.map((i: { key: string }) => i.key)).toEqual(
      expect.not.arrayContaining([w.peer.userId, w.manager.userId]),
    );
    const outside = await invoke('GET /v1/analytics/performance', getPerformance, {
      as: w.owner,
      query: { ...JANUARY, userId: w.peer.userId },
    });
    expect(outside.status).toBe(404);
  });
});
