import { describe, expect, it } from 'vitest';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { handler as listContracts } from '#functions/pipeline/list-contracts.ts';
import { handler as listOpportunities } from '#functions/pipeline/list-opportunities.ts';
import { handler as listPaymentPlans } from '#functions/pipeline/list-payment-plans.ts';
import { handler as listPayments } from '#functions/pipeline/list-payments.ts';
import { type Caller, invoke, itemsRead } from '#tests/support/api.ts';
import { contract, customer, opportunity, plan, product, world } from './world.ts';

/**
 * Read amplification of the per-customer and per-contract lists at the bench's page size (20),
 * from the consumed-capacity header: the items DynamoDB read for the whole request (the caller's
 * user and role included) over the items returned stay within 1.1 for the deal's owner and the
 * owner's superior. No second read of the customer, the contract or its reference.
 */

const PAGE = 20;

describe('a page of one customer or contract', () => {
  it('reads at most 1.1 items per item returned for the owner and a superior', async () => {
    const w = await world();
    const c = await customer(w.owner);
    const p = await product(w.admin, { priceFen: 1_000_000 });
    for (let i = 0; i <= PAGE; i++) {
      await opportunity(w.owner, c.id);
      await contract(w.owner, c.id, p.id);
    }
    const k = await contract(w.owner, c.id, p.id, { signedOn: '2026-01-01' });
    for (let i = 0; i <= PAGE; i++) {
      await plan(w.owner, k.id, { dueOn: '2026-05-01', amountFen: 100 });
      const paid = await invoke('POST /v1/payments', createPayment, {
        as: w.owner,
        body: { contractId: k.id, amountFen: 10, receivedOn: '2026-01-02' },
      });
      expect(paid.status).toBe(201);
    }
    const limit = String(PAGE);
    const lists = (as: Caller) => [
      invoke('GET /v1/opportunities', listOpportunities, { as, query: { customerId: c.id, limit } }),
      invoke('GET /v1/contracts', listContracts, { as, query: { customerId: c.id, limit } }),
      invoke('GET /v1/contracts/{id}/payments', listPayments, { as, params: { id: k.id }, query: { limit } }),
      invoke('GET /v1/contracts/{id}/payment-plans', listPaymentPlans, {
        as,
        params: { id: k.id },
        query: { limit },
      }),
    ];

    for (const who of [w.owner, w.manager]) {
      const answers = await Promise.all(lists(who));
      for (const res of answers) {
        expect(res.status).toBe(200);
        expect(res.body.items).toHaveLength(PAGE);
        expect(itemsRead(res)).toBeLessThanOrEqual(PAGE * 1.1);
      }
    }
  });
});
