import { afterEach, describe, expect, it } from 'vitest';
import { handler as listCustomers } from '#functions/customers/list-customers.ts';
import { handler as moveOpportunity } from '#functions/pipeline/move-opportunity.ts';
import { handler as updateContract } from '#functions/pipeline/update-contract.ts';
import { setClock } from '#lib/clock.ts';
import { getCustomer } from '#lib/customers/repository.ts';
import { runReclaim } from '#lib/pool/job.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { patchPool } from '../pool/world.ts';
import { contract, customer, opportunity, product, world } from './world.ts';

/**
 * A won opportunity or a signed contract recomputes the customer's reclaim instant in the deal's
 * own transaction: view=reclaim-soon and the reclaim job see it at once, not after the next run.
 */

const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * 86_400_000);
const iso = (days: number) => at(days).toISOString();

afterEach(() => setClock(undefined));

/** The pipeline company, its default pool reclaiming by `rules` (3 days' warning). */
async function reclaiming(rules: Record<string, unknown>) {
  const w = await world();
  await patchPool(w.admin, { reclaim: { enabled: true, warnDays: 3, ...rules } });
  // The rule change opened a recompute (of no customers yet): finish it before the scenario starts.
  await runReclaim({ tenantIds: [w.tenantId] });
  return w;
}

const reclaimSoon = async (as: Caller) => {
  const res = await invoke('GET /v1/customers', listCustomers, { as, query: { view: 'reclaim-soon' } });
  expect(res.status).toBe(200);
  return res.body.items.map((c: { id: string }) => c.id);
};

describe('a deal and the public pool', () => {
  it('takes a customer off reclaim-soon the moment an opportunity is won (won customers are not reclaimed)', async () => {
    const w = await reclaiming({ noFollowUpDays: 30, excludeWon: true });
    setClock(at(0));
    const c = await customer(w.owner);
    const o = await opportunity(w.owner, c.id);
    setClock(at(28));
    expect(await reclaimSoon(w.owner)).toEqual([c.id]);
    expect((await getCustomer(w.tenantId, c.id))?.reclaimAt).toBe(iso(30));

    const won = await invoke('POST /v1/opportunities/{id}/stage', moveOpportunity, {
      as: w.owner,
      params: { id: o.id },
      body: { stage: 'won' },
    });

    expect(won.status).toBe(200);
    expect(await reclaimSoon(w.owner)).toEqual([]);
    expect(await getCustomer(w.tenantId, c.id)).toMatchObject({
      won: true,
      lastDealAt: iso(28),
      reclaimAt: null,
      reclaimWarnAt: null,
    });
    setClock(at(31));
    expect(await runReclaim({ tenantIds: [w.tenantId] })).toMatchObject({ reclaimed: 0, corrected: 0 });
    expect((await getCustomer(w.tenantId, c.id))?.state).toBe('active');
  });

  it('moves the "no deal for N days" instant when a contract is signed', async () => {
    const w = await reclaiming({ noFollowUpDays: null, noDealDays: 20, excludeWon: false });
    const p = await product(w.admin);
    setClock(at(0));
    const c = await customer(w.owner);
    const k = await contract(w.owner, c.id, p.id);
    setClock(at(18));
    expect(await reclaimSoon(w.owner)).toEqual([c.id]);

    const signed = await invoke('PATCH /v1/contracts/{id}', updateContract, {
      as: w.owner,
      params: { id: k.id },
      headers: { 'if-match': `"${k.version}"` },
      body: { signedOn: '2025-03-19', status: 'signed' },
    });

    expect(signed.status).toBe(200);
    expect(await reclaimSoon(w.owner)).toEqual([]);
    expect(await getCustomer(w.tenantId, c.id)).toMatchObject({
      won: true,
      lastDealAt: iso(18),
      reclaimAt: iso(38),
      reclaimWarnAt: iso(35),
    });
  });
});
