import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as mergeCustomers } from '#functions/customers/merge-customers.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as runDormancy } from '#functions/jobs/dormancy.ts';
import { handler as getTier } from '#functions/lifecycle/get-tier.ts';
import { handler as updateContract } from '#functions/pipeline/update-contract.ts';
import { handler as updateSettings } from '#functions/settings/update-settings.ts';
import { setClock } from '#lib/clock.ts';
import { tierCopyKey } from '#lib/db/keys.ts';
import { getSettings } from '#lib/settings/repository.ts';
import { TIERS } from '#lib/tiers.ts';
import { storedItem } from '#tests/integration/streams/world.ts';
import { invoke } from '#tests/support/api.ts';
import { listAll } from '../customers/world.ts';
import { world } from '../pipeline/world.ts';
import { contract, customer, expectOk, product, startLifecycle } from './world.ts';

let streams: Awaited<ReturnType<typeof startLifecycle>>;
beforeAll(async () => {
  streams = await startLifecycle(['customer-tiers']);
});
afterAll(() => streams.stop());
afterEach(() => setClock(undefined));

type W = Awaited<ReturnType<typeof world>>;
const tierOf = async (as: W['owner'], id: string) =>
  expectOk(await invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } }), 200, 'GET customer')
    .tier;
const signed = (as: W['owner'], customerId: string, productId: string) =>
  contract(as, customerId, productId, { signedOn: '2026-01-05' });
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();

describe('tiers follow the deals', () => {
  it('moves potential -> new -> repeat as contracts are signed, and back when one is voided', async () => {
    const w = await world();
    const p = await product(w.admin);
    const c = await customer(w.owner);
    await streams.settled();
    expect(await tierOf(w.owner, c.id)).toBe('potential');
    expect(ids(await listAll(w.owner, { view: 'mine', tier: 'potential' }))).toEqual([c.id]);

    await signed(w.owner, c.id, p.id);
    await streams.settled();
    expect(await tierOf(w.owner, c.id)).toBe('new');
    expect(await listAll(w.owner, { view: 'mine', tier: 'potential' })).toEqual([]);

    const second = await signed(w.owner, c.id, p.id);
    await streams.settled();
    expect(await tierOf(w.owner, c.id)).toBe('repeat');
    expect(ids(await listAll(w.owner, { view: 'mine', tier: 'repeat' }))).toEqual([c.id]);

    const voided = await invoke('PATCH /v1/contracts/{id}', updateContract, {
      as: w.owner,
      params: { id: second.id },
      headers: { 'if-match': `"${second.version}"` },
      body: { status: 'terminated' },
    });
    expectOk(voided, 200, 'PATCH contract');
    await streams.settled();
    expect(await tierOf(w.owner, c.id)).toBe('new');
    expect(ids(await listAll(w.owner, { view: 'mine', tier: 'new' }))).toEqual([c.id]);
    expect(await listAll(w.owner, { view: 'mine', tier: 'repeat' })).toEqual([]);
  });

  it('keeps the instant a customer entered its tier through later edits of the customer', async () => {
    const w = await world();
    const p = await product(w.admin);
    const c = await customer(w.owner);
    await signed(w.owner, c.id, p.id);
    await streams.settled();
    const tier = () => invoke('GET /v1/customers/{id}/tier', getTier, { as: w.owner, params: { id: c.id } });
    const entered = expectOk(await tier(), 200, 'GET tier');
    expect(entered).toMatchObject({ tier: 'new', tierSince: expect.any(String) });

    const current = expectOk(
      await invoke('GET /v1/customers/{id}', getCustomer, { as: w.owner, params: { id: c.id } }),
      200,
      'GET customer',
    );
    const edited = await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: w.owner,
      params: { id: c.id },
      headers: { 'if-match': `"${current.version}"` },
      body: { address: '上海市浦东新区' },
    });
    expectOk(edited, 200, 'PATCH customer');
    await streams.settled();

    expect(expectOk(await tier(), 200, 'GET tier')).toMatchObject({
      tier: 'new',
      tierSince: entered.tierSince,
    });
  });

  it('follows the tenant thresholds', async () => {
    const w = await world();
    const current = await getSettings(w.tenantId, true);
    const patched = await invoke('PATCH /v1/settings', updateSettings, {
      as: w.admin,
      headers: { 'if-match': `"${current.version}"` },
      body: { tiers: { repeatDeals: 3, loyalDeals: 4 } },
    });
    expect(expectOk(patched, 200, 'PATCH settings').tiers).toMatchObject({
      repeatDeals: 3,
      loyalDeals: 4,
      dormantDays: 180,
    });
    const p = await product(w.admin);
    const c = await customer(w.owner);
    for (let i = 0; i < 3; i++) await signed(w.owner, c.id, p.id);
    await streams.settled();
    expect(await tierOf(w.owner, c.id)).toBe('repeat');
    await signed(w.owner, c.id, p.id);
    await streams.settled();
    expect(await tierOf(w.owner, c.id)).toBe('loyal');
  });

  it("keeps a transferred customer in its tier, now on the new owner's views", async () => {
    const w = await world();
    const p = await product(w.admin);
    const c = await customer(w.owner);
    await signed(w.owner, c.id, p.id);
    await streams.settled();
    const res = await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: w.owner,
      params: { id: c.id },
      body: { userId: w.peer.userId },
    });
    expectOk(res, 200, 'transfer');
    await streams.settled();
    expect(ids(await listAll(w.peer, { view: 'mine', tier: 'new' }))).toEqual([c.id]);
    expect(await listAll(w.owner, { view: 'mine', tier: 'new' })).toEqual([]);
  });

  it('counts the deals of merged customers on the target; the sources leave the tier views', async () => {
    const w = await world();
    const p = await product(w.admin);
    const [target, source] = [await customer(w.owner), await customer(w.owner)];
    await signed(w.owner, target.id, p.id);
    await signed(w.owner, source.id, p.id);
    await streams.settled();
    const res = await invoke('POST /v1/customers/merge', mergeCustomers, {
      as: w.admin,
      body: { targetId: target.id, sourceIds: [source.id] },
    });
    expectOk(res, 200, 'merge');
    await streams.settled();
    expect(await tierOf(w.owner, target.id)).toBe('repeat');
    expect(ids(await listAll(w.owner, { view: 'mine', tier: 'repeat' }))).toEqual([target.id]);
    expect(await listAll(w.owner, { view: 'mine', tier: 'new' })).toEqual([]);
    await expect(storedItem(tierCopyKey(w.tenantId, source.id))).rejects.toThrow(/no item/);
  });
});

describe('tier views', () => {
  it('equal each view filtered by hand, for every tier', async () => {
    const w = await world();
    const p = await product(w.admin);
    const made = [];
    for (const [as, deals] of [
      [w.owner, 0],
      [w.owner, 1],
      [w.owner, 2],
      [w.peer, 1],
      [w.peer, 0],
      [w.intern, 2],
    ] as const) {
      const c = await customer(as);
      for (let i = 0; i < deals; i++) await signed(as, c.id, p.id);
      made.push(c);
    }
    await streams.settled();
    for (const [as, view] of [
      [w.owner, 'mine'],
      [w.manager, 'subordinates'],
      [w.admin, 'company'],
    ] as const) {
      const all = await listAll(as, { view });
      for (const tier of TIERS) {
        const byHand = ids(all.filter((c: { tier: string }) => c.tier === tier));
        expect(ids(await listAll(as, { view, tier })), `${view} ${tier}`).toEqual(byHand);
      }
    }
  });
});

describe('dormancy by time alone', () => {
  it('makes a customer with deals dormant through the job, once, and a follow-up-free prospect stays potential', async () => {
    const w = await world();
    setClock(new Date('2001-01-10T00:00:00.000Z'));
    const p = await product(w.admin);
    const [buyer, prospect] = [await customer(w.owner), await customer(w.owner)];
    await contract(w.owner, buyer.id, p.id, { signedOn: '2001-01-10' });
    await streams.settled();
    expect(await tierOf(w.owner, buyer.id)).toBe('new');

    setClock(new Date('2001-07-09T00:00:00.000Z'));
    const first = await runDormancy({});
    const copy = await storedItem(tierCopyKey(w.tenantId, buyer.id));
    const second = await runDormancy({});
    expect(first.moved).toBeGreaterThanOrEqual(1);
    expect(second.moved).toBe(0);
    expect(await storedItem(tierCopyKey(w.tenantId, buyer.id))).toEqual(copy);
    expect(await tierOf(w.owner, buyer.id)).toBe('dormant');
    expect(await tierOf(w.owner, prospect.id)).toBe('potential');
    await streams.settled();
    expect(ids(await listAll(w.owner, { view: 'mine', tier: 'dormant' }))).toEqual([buyer.id]);
  });
});
