import { describe, expect, it } from 'vitest';
import { tiersChanged } from '#functions/lifecycle/tiers.ts';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { customerChildKey, customerKey, tierCopyKey } from '#lib/db/keys.ts';
import { metered } from '#lib/db/metering.ts';
import { tierWork } from '#lib/lifecycle/tiers.ts';
import { invoke } from '#tests/support/api.ts';
import { world } from '../pipeline/world.ts';
import { context, storedItem, streamEvent } from '../streams/world.ts';
import { contract, customer, expectOk, product } from './world.ts';

/**
 * What the tier consumer spends on a batch: each customer recomputed once, and nothing for a change
 * that cannot move a tier (a payment booked on a signed contract, the lifecycle's own tier write).
 */
const consume = (...changes: Parameters<typeof streamEvent>) =>
  metered(async () => {
    const out = await tiersChanged(streamEvent(...changes), context('customer-tiers'));
    expect(out.batchItemFailures).toEqual([]);
  });

describe('the tier consumer', () => {
  it('recomputes a customer changed three times in a batch once', async () => {
    const w = await world();
    const c = await customer(w.owner);
    const stored = await storedItem(customerKey(w.tenantId, c.id));

    const once = await consume({ after: stored });
    const thrice = await consume({ after: stored }, { before: stored, after: stored }, { after: stored });

    // The second recompute writes the copy the first made again (fewer index writes): compare the calls.
    expect(once.meter.calls).toBeGreaterThan(0);
    expect([thrice.meter.calls, thrice.meter.itemsRead]).toEqual([once.meter.calls, once.meter.itemsRead]);
    expect((await storedItem(tierCopyKey(w.tenantId, c.id))).tier).toBe('potential');
  });

  it('spends nothing on a payment or on its own tier write, and moves the tier on a signing', async () => {
    const w = await world();
    const p = await product(w.admin, { priceFen: 10_000 });
    const c = await customer(w.owner);
    const k = await contract(w.owner, c.id, p.id, { signedOn: '2026-03-01' });
    const contractKey = customerChildKey(w.tenantId, c.id, 'contract', k.id);
    const unpaid = await storedItem(contractKey);
    const beforeTier = await storedItem(customerKey(w.tenantId, c.id));

    const signing = await consume({ after: unpaid });
    const tiered = await storedItem(customerKey(w.tenantId, c.id));
    const ownWrite = await consume({ before: beforeTier, after: tiered });
    expectOk(
      await invoke('POST /v1/payments', createPayment, {
        as: w.owner,
        body: { contractId: k.id, amountFen: 3_000, receivedOn: '2026-03-15', method: '银行转账' },
      }),
      201,
      'POST /v1/payments',
    );
    const payment = await consume({ before: unpaid, after: await storedItem(contractKey) });

    expect(signing.meter.wcu).toBeGreaterThan(0);
    expect(tiered.tier).toBe('new');
    expect(ownWrite.meter.calls).toBe(0);
    expect(payment.meter.calls).toBe(0);
    expect((await storedItem(tierCopyKey(w.tenantId, c.id))).tier).toBe('new');
  });
});

describe('tierWork', () => {
  const customerItem = (id: string, name: string) => ({
    pk: `T#t1#C#${id}`,
    sk: 'CUSTOMER',
    type: 'customer',
    id,
    name,
  });
  const deal = (customerId: string, receivedFen: number) => ({
    pk: 'T#t1#C#c1',
    sk: 'CONTRACT#k1',
    type: 'contract',
    id: 'k1',
    customerId,
    kind: 'standard',
    status: 'signed',
    signedOn: '2026-01-05',
    receivedFen,
    updatedAt: '2026-01-05T08:00:00.000Z',
  });

  it('gives each customer to its last record in the batch that can move its tier', () => {
    const { Records: records } = streamEvent(
      { after: customerItem('c1', '甲') },
      { before: customerItem('c1', '甲'), after: customerItem('c1', '乙') },
      { after: customerItem('c2', '丙') },
      { before: deal('c1', 0), after: deal('c2', 0) },
      { before: deal('c2', 0), after: deal('c2', 5) },
    );

    const work = tierWork(records);

    expect(records.map((r) => work.get(r) ?? [])).toEqual([
      [],
      [],
      [],
      [
        { tenantId: 't1', customerId: 'c1' },
        { tenantId: 't1', customerId: 'c2' },
      ],
      [],
    ]);
  });
});
