import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as updateContact } from '#functions/contacts/update-contact.ts';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as setHot } from '#functions/customers/set-hot.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as updatePlan } from '#functions/followups/update-plan.ts';
import { handler as updateContract } from '#functions/pipeline/update-contract.ts';
import { handler as updateLead } from '#functions/pipeline/update-lead.ts';
import { handler as updateOpportunity } from '#functions/pipeline/update-opportunity.ts';
import type { DomainEvent } from '#lib/events/schemas.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { addContact, freshMobile } from '../contacts/world.ts';
import { plan } from '../followups/world.ts';
import { contract, customer, lead, opportunity, product } from '../pipeline/world.ts';
import { company } from '../pool/world.ts';
import { recordEvents } from './world.ts';

/**
 * A plain edit (PATCH) of each kind of item is an `updated` event naming its editor: the writes
 * stamp `updatedBy` with the version they make, and the publisher reads it.
 */
let recorder: Awaited<ReturnType<typeof recordEvents>>;
beforeAll(async () => {
  recorder = await recordEvents();
});
afterAll(async () => {
  await recorder.stop();
});

const patch = async (
  route: Parameters<typeof invoke>[0],
  handler: Parameters<typeof invoke>[1],
  as: Caller,
  subject: { id: string; version: number },
  body: Record<string, unknown>,
) => {
  const res = await invoke(route, handler, {
    as,
    params: { id: subject.id },
    headers: { 'if-match': `"${subject.version}"` },
    body,
  });
  expect(res.status, `${route}: ${res.text}`).toBe(200);
};

describe('the actor of an update event', () => {
  it('is who edited customers, contacts, plans, leads, opportunities and contracts', async () => {
    const { t, rep, manager } = await company();
    // The manager (a superior) edits each right after it is made, so the editor is not its creator.
    const c = await customer(rep);
    await patch('PATCH /v1/customers/{id}', updateCustomer, manager, c, { note: '重点客户' });
    const person = await addContact(rep, c.id, { name: '王经理', mobile: freshMobile() });
    await patch('PATCH /v1/contacts/{id}', updateContact, manager, person, { title: '采购总监' });
    const due = await plan(rep, c.id, { dueAt: '2031-01-05T02:00:00.000Z', note: '回访' });
    await patch('PATCH /v1/plans/{id}', updatePlan, manager, due, { note: '带上报价单' });
    const l = await lead(rep);
    await patch('PATCH /v1/leads/{id}', updateLead, manager, l, { note: '已电话联系' });
    const o = await opportunity(rep, c.id);
    await patch('PATCH /v1/opportunities/{id}', updateOpportunity, manager, o, { note: '预算已批' });
    const p = await product(t.admin, { priceFen: 10_000 });
    const k = await contract(rep, c.id, p.id, { signedOn: '2026-03-01' });
    await patch('PATCH /v1/contracts/{id}', updateContract, manager, k, { note: '加急' });

    const events = await recorder.of(t.tenantId);
    const updated = (type: string, id: string) =>
      events.filter((e: DomainEvent) => e.type === type && e.subject.id === id).map((e) => e.actor);
    // The first: a later contract makes the customer won, a derived change nobody edited.
    for (const [type, id] of [
      ['customer.updated', c.id],
      ['contact.updated', person.id],
      ['followupPlan.updated', due.id],
      ['lead.updated', l.id],
      ['opportunity.updated', o.id],
      ['contract.updated', k.id],
    ] as const)
      expect(updated(type, id)[0], type).toEqual({ id: manager.userId });
  });

  it('is who marked a customer hot or shared it, the other writes of a customer', async () => {
    const { t, rep, peer, manager } = await company();
    const c = await customer(rep);
    const hot = await invoke('PUT /v1/customers/{id}/hot', setHot, { as: manager, params: { id: c.id } });
    expect(hot.status, hot.text).toBe(200);
    const shared = await invoke('POST /v1/customers/{id}/shares', addShares, {
      as: rep,
      params: { id: c.id },
      body: { userIds: [peer.userId] },
    });
    expect(shared.status, shared.text).toBe(200);

    const actors = (await recorder.of(t.tenantId))
      .filter((e: DomainEvent) => e.type === 'customer.updated' && e.subject.id === c.id)
      .map((e) => e.actor);
    expect(actors).toEqual([{ id: manager.userId }, { id: rep.userId }]);
  });
});
