import { describe, expect, it } from 'vitest';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { handler as getContract } from '#functions/pipeline/get-contract.ts';
import { handler as getOpportunity } from '#functions/pipeline/get-opportunity.ts';
import { handler as listContracts } from '#functions/pipeline/list-contracts.ts';
import { handler as listOpportunities } from '#functions/pipeline/list-opportunities.ts';
import { handler as listPaymentPlans } from '#functions/pipeline/list-payment-plans.ts';
import { handler as listPayments } from '#functions/pipeline/list-payments.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { contract, customer, opportunity, plan, product, type World, world } from './world.ts';

/**
 * The deals of a PRIVATE customer follow the customer's full data scope on every pipeline read:
 * hidden from peers, subordinates and holders of customers.viewAll (also in the company views),
 * never from the owner's superiors, the users it is shared with or administrators.
 */

/** A private customer of the owner (shared with `shared`) with an opportunity, a signed contract, a plan and a payment. */
async function privateDeals(w: World) {
  const p = await product(w.admin, { priceFen: 10_000 });
  const c = await customer(w.owner, { private: true }, [w.shared.userId]);
  const o = await opportunity(w.owner, c.id);
  const k = await contract(w.owner, c.id, p.id, { signedOn: '2026-03-01' });
  await plan(w.owner, k.id, { dueOn: '2026-04-01', amountFen: 5_000 });
  const paid = await invoke('POST /v1/payments', createPayment, {
    as: w.owner,
    body: { contractId: k.id, amountFen: 100, receivedOn: '2026-03-02' },
  });
  expect(paid.status).toBe(201);
  return { p, c, o, k };
}

/** The status of every read of the deals, by route. */
async function reads(as: Caller, d: Awaited<ReturnType<typeof privateDeals>>) {
  const [opp, con, opps, cons, payments, plans] = await Promise.all([
    invoke('GET /v1/opportunities/{id}', getOpportunity, { as, params: { id: d.o.id } }),
    invoke('GET /v1/contracts/{id}', getContract, { as, params: { id: d.k.id } }),
    invoke('GET /v1/opportunities', listOpportunities, { as, query: { customerId: d.c.id } }),
    invoke('GET /v1/contracts', listContracts, { as, query: { customerId: d.c.id } }),
    invoke('GET /v1/contracts/{id}/payments', listPayments, { as, params: { id: d.k.id } }),
    invoke('GET /v1/contracts/{id}/payment-plans', listPaymentPlans, { as, params: { id: d.k.id } }),
  ]);
  const listed = (res: { status: number; body: any }) => (res.status === 200 ? res.body.items.length : 0);
  return {
    statuses: [opp, con, opps, cons, payments, plans].map((r) => r.status),
    listed: [opps, cons, payments, plans].map(listed),
  };
}

const companyIds = async (as: Caller, query: Record<string, string>) => {
  const opps = await invoke('GET /v1/opportunities', listOpportunities, {
    as,
    query: { view: 'company', ...query },
  });
  const contracts = await invoke('GET /v1/contracts', listContracts, { as, query: { view: 'company' } });
  if (opps.status !== 200 || contracts.status !== 200) return [opps.status, contracts.status];
  return [...opps.body.items, ...contracts.body.items].map((x: { id: string }) => x.id).sort();
};

describe("a private customer's deals", () => {
  it('are seen by the owner, a superior, the shared user and an administrator on every read', async () => {
    const w = await world();
    const d = await privateDeals(w);

    for (const who of [w.owner, w.manager, w.shared, w.admin]) {
      expect(await reads(who, d)).toEqual({ statuses: [200, 200, 200, 200, 200, 200], listed: [1, 1, 1, 1] });
    }
  });

  it('are 404 to a peer, a subordinate, a viewAll holder and another company on every read', async () => {
    const w = await world();
    const d = await privateDeals(w);

    for (const who of [w.peer, w.intern, w.assistant, w.outsider]) {
      expect(await reads(who, d)).toEqual({ statuses: [404, 404, 404, 404, 404, 404], listed: [0, 0, 0, 0] });
    }
  });

  it("stay out of a viewAll holder's company views (all, one stage) but not an administrator's", async () => {
    const w = await world();
    const d = await privateDeals(w);
    const open = await customer(w.peer);
    const o = await opportunity(w.peer, open.id);
    const k = await contract(w.peer, open.id, d.p.id);

    expect(await companyIds(w.assistant, {})).toEqual([o.id, k.id].sort());
    expect(await companyIds(w.assistant, { stage: 'initial' })).toEqual([o.id, k.id].sort());
    expect(await companyIds(w.admin, {})).toEqual([o.id, k.id, d.o.id, d.k.id].sort());
    expect(await companyIds(w.admin, { stage: 'initial' })).toEqual([o.id, k.id, d.o.id, d.k.id].sort());
    expect(await companyIds(w.peer, {})).toEqual([403, 403]);
    expect(await companyIds(w.outsider, {})).toEqual([]);
  });

  it("stay in a superior's subordinates views", async () => {
    const w = await world();
    const d = await privateDeals(w);

    const opps = await invoke('GET /v1/opportunities', listOpportunities, {
      as: w.manager,
      query: { view: 'subordinates' },
    });
    const contracts = await invoke('GET /v1/contracts', listContracts, {
      as: w.manager,
      query: { view: 'subordinates' },
    });

    expect(opps.body.items.map((x: { id: string }) => x.id)).toEqual([d.o.id]);
    expect(contracts.body.items.map((x: { id: string }) => x.id)).toEqual([d.k.id]);
  });
});

describe("a recycled customer's deals", () => {
  it("leave a viewAll holder's company views with the customer", async () => {
    const w = await world();
    const gone = await customer(w.peer);
    const o = await opportunity(w.peer, gone.id);
    const res = await invoke('DELETE /v1/customers/{id}', deleteCustomer, {
      as: w.peer,
      params: { id: gone.id },
    });
    expect(res.status).toBe(204);

    const byAssistant = await invoke('GET /v1/opportunities', listOpportunities, {
      as: w.assistant,
      query: { view: 'company' },
    });
    const byOwner = await invoke('GET /v1/opportunities/{id}', getOpportunity, {
      as: w.peer,
      params: { id: o.id },
    });

    expect(byAssistant.body.items).toEqual([]);
    expect(byOwner.status).toBe(200);
  });
});
