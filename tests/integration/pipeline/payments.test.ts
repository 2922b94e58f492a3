import { describe, expect, it } from 'vitest';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { handler as createPaymentPlan } from '#functions/pipeline/create-payment-plan.ts';
import { handler as getContract } from '#functions/pipeline/get-contract.ts';
import { handler as listPaymentPlans } from '#functions/pipeline/list-payment-plans.ts';
import { handler as listPayments } from '#functions/pipeline/list-payments.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { contract, customer, fieldErrors, plan, product, world } from './world.ts';

/** A signed contract of `total` fen owned by a rep. */
async function signed(total = 10_000) {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const c = await customer(rep);
  const p = await product(t.admin, { priceFen: total });
  const k = await contract(rep, c.id, p.id, { signedOn: '2026-03-01' });
  return { t, rep, c, k };
}

const pay = (as: any, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  invoke('POST /v1/payments', createPayment, { as, headers, body: { receivedOn: '2026-03-15', ...body } });

const contractOf = async (as: any, id: string) =>
  (await invoke('GET /v1/contracts/{id}', getContract, { as, params: { id } })).body;

describe('POST /v1/payments', () => {
  it('records a payment and shows received and outstanding on the contract', async () => {
    const { rep, c, k } = await signed(10_000);

    const res = await pay(rep, { contractId: k.id, amountFen: 3_000, method: '银行转账' });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/contracts/${k.id}/payments`);
    expect(res.body.payment).toMatchObject({
      contractId: k.id,
      customerId: c.id,
      amountFen: 3_000,
      receivedOn: '2026-03-15',
      method: '银行转账',
      createdByName: '张三',
    });
    expect(res.body.contract).toMatchObject({ receivedFen: 3_000, outstandingFen: 7_000, version: 2 });
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: rep,
      params: { id: c.id },
    });
    expect(overview.body.payments.map((x: any) => x.id)).toEqual([res.body.payment.id]);
  });

  it('refuses a payment beyond the outstanding amount with 422 overpayment and writes nothing', async () => {
    const { rep, k } = await signed(10_000);
    await pay(rep, { contractId: k.id, amountFen: 9_000 });

    const res = await pay(rep, { contractId: k.id, amountFen: 1_001 });

    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'overpayment', outstandingFen: 1_000 });
    expect(await contractOf(rep, k.id)).toMatchObject({ receivedFen: 9_000, outstandingFen: 1_000 });
    const list = await invoke('GET /v1/contracts/{id}/payments', listPayments, {
      as: rep,
      params: { id: k.id },
    });
    expect(list.body.items).toHaveLength(1);
  });

  it('never overpays under concurrent payments: exactly the ones that fit succeed', async () => {
    const { rep, k } = await signed(10_000);

    const results = await Promise.all(
      Array.from({ length: 12 }, () => pay(rep, { contractId: k.id, amountFen: 3_000 })),
    );

    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'overpayment')).toBe(true);
    expect(results.filter((r) => r.status === 422)).toHaveLength(9);
    expect(await contractOf(rep, k.id)).toMatchObject({ receivedFen: 9_000, outstandingFen: 1_000 });
    const list = await invoke('GET /v1/contracts/{id}/payments', listPayments, {
      as: rep,
      params: { id: k.id },
      query: { limit: '100' },
    });
    expect(list.body.items).toHaveLength(3);
  });

  it('takes payments on signed contracts only', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await customer(rep);
    const p = await product(t.admin);
    const draft = await contract(rep, c.id, p.id);

    const res = await pay(rep, { contractId: draft.id, amountFen: 1 });

    expect(res.status).toBe(422);
    expect(res.body.code).toBe('contract_not_signed');
  });

  it('refuses bad input with 400 and field paths, writing nothing', async () => {
    const { rep, k } = await signed();

    const res = await invoke('POST /v1/payments', createPayment, {
      as: rep,
      body: { contractId: k.id, amountFen: 0, receivedOn: '2026-13-01', currency: 'USD' },
    });
    const unknownPlan = await pay(rep, {
      contractId: k.id,
      amountFen: 1,
      planId: '01J0000000000000000000000Z',
    });

    expect(res.status).toBe(400);
    expect(fieldErrors(res).map((e) => e.split(':')[0])).toEqual(
      expect.arrayContaining(['body.amountFen', 'body.receivedOn', 'body']),
    );
    expect(fieldErrors(unknownPlan)).toEqual(['body.planId:unknown_plan']);
    expect(await contractOf(rep, k.id)).toMatchObject({ receivedFen: 0, version: 1 });
  });

  it('answers a retry with the same Idempotency-Key with the first payment, counted once', async () => {
    const { rep, k } = await signed(10_000);

    const first = await pay(rep, { contractId: k.id, amountFen: 2_500 }, { 'idempotency-key': 'pay-1' });
    const retry = await pay(rep, { contractId: k.id, amountFen: 2_500 }, { 'idempotency-key': 'pay-1' });

    expect(retry.status).toBe(201);
    expect(retry.body.payment.id).toBe(first.body.payment.id);
    expect(await contractOf(rep, k.id)).toMatchObject({ receivedFen: 2_500 });
  });
});

describe('payment plans', () => {
  it('adds plans within the total and closes a plan when it is paid off', async () => {
    const { rep, k } = await signed(10_000);
    const first = await plan(rep, k.id, { dueOn: '2026-04-01', amountFen: 4_000 });
    await plan(rep, k.id, { dueOn: '2026-05-01', amountFen: 6_000 });

    const partly = await pay(rep, { contractId: k.id, planId: first.id, amountFen: 1_500 });
    const rest = await pay(rep, { contractId: k.id, planId: first.id, amountFen: 2_500 });
    const over = await pay(rep, { contractId: k.id, planId: first.id, amountFen: 1 });
    const plans = await invoke('GET /v1/contracts/{id}/payment-plans', listPaymentPlans, {
      as: rep,
      params: { id: k.id },
    });

    expect(first).toMatchObject({ amountFen: 4_000, receivedFen: 0, status: 'open' });
    expect(partly.body.plan).toMatchObject({ receivedFen: 1_500, status: 'open' });
    expect(rest.body.plan).toMatchObject({ receivedFen: 4_000, status: 'paid' });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('plan_overpayment');
    expect(plans.body.items.map((p: any) => [p.dueOn, p.status])).toEqual([
      ['2026-04-01', 'paid'],
      ['2026-05-01', 'open'],
    ]);
    expect(await contractOf(rep, k.id)).toMatchObject({ plannedFen: 10_000, receivedFen: 4_000 });
  });

  it('refuses plans beyond the total with 422 plan_exceeds_total, also when added concurrently', async () => {
    const { rep, k } = await signed(10_000);

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        invoke('POST /v1/contracts/{id}/payment-plans', createPaymentPlan, {
          as: rep,
          params: { id: k.id },
          body: { dueOn: `2026-0${(i % 9) + 1}-01`, amountFen: 4_000 },
        }),
      ),
    );

    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'plan_exceeds_total')).toBe(
      true,
    );
    expect(await contractOf(rep, k.id)).toMatchObject({ plannedFen: 8_000 });
  });

  it('pays one plan exactly once when concurrent payments race for it', async () => {
    const { rep, k } = await signed(10_000);
    const p = await plan(rep, k.id, { dueOn: '2026-04-01', amountFen: 3_000 });

    const results = await Promise.all(
      Array.from({ length: 6 }, () => pay(rep, { contractId: k.id, planId: p.id, amountFen: 1_000 })),
    );

    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'plan_overpayment')).toBe(
      true,
    );
    expect(await contractOf(rep, k.id)).toMatchObject({ receivedFen: 3_000 });
  });

  it("follows the contract's data scope on every route", async () => {
    const w = await world();
    const c = await customer(w.owner, {}, [w.shared.userId]);
    const p = await product(w.admin, { priceFen: 10_000 });
    const k = await contract(w.owner, c.id, p.id, { signedOn: '2026-03-01' });
    const addPlan = (as: typeof w.owner) =>
      invoke('POST /v1/contracts/{id}/payment-plans', createPaymentPlan, {
        as,
        params: { id: k.id },
        body: { dueOn: '2026-04-01', amountFen: 100 },
      });
    const read = (as: typeof w.owner) =>
      Promise.all([
        invoke('GET /v1/contracts/{id}/payments', listPayments, { as, params: { id: k.id } }),
        invoke('GET /v1/contracts/{id}/payment-plans', listPaymentPlans, { as, params: { id: k.id } }),
      ]);

    for (const who of [w.peer, w.intern, w.outsider]) {
      expect((await addPlan(who)).status).toBe(404);
      expect((await pay(who, { contractId: k.id, amountFen: 1 })).status).toBe(404);
      expect((await read(who)).map((r) => r.status)).toEqual([404, 404]);
    }
    expect((await addPlan(w.assistant)).status).toBe(403);
    expect((await read(w.assistant)).map((r) => r.status)).toEqual([200, 200]);
    expect((await addPlan(w.shared)).status).toBe(201);
    expect((await pay(w.manager, { contractId: k.id, amountFen: 1 })).status).toBe(201);
    expect(await contractOf(w.owner, k.id)).toMatchObject({ receivedFen: 1, plannedFen: 100 });
  });
});
