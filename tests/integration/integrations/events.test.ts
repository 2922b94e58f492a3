import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { publishEvents } from '#functions/events/publish.ts';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { handler as moveOpportunity } from '#functions/pipeline/move-opportunity.ts';
import { handler as addOptOut } from '#functions/sms/add-opt-out.ts';
import { customerKey } from '#lib/db/keys.ts';
import type { DomainEvent } from '#lib/events/schemas.ts';
import { invoke } from '#tests/support/api.ts';
import { addContact, freshMobile } from '../contacts/world.ts';
import { followUp } from '../followups/world.ts';
import { contract, customer, lead, opportunity, product } from '../pipeline/world.ts';
import { claim, company, released } from '../pool/world.ts';
import { context, modifyEvent, storedItem } from '../streams/world.ts';
import { fitsSchema, recordEvents } from './world.ts';

let recorder: Awaited<ReturnType<typeof recordEvents>>;
beforeAll(async () => {
  recorder = await recordEvents();
});
afterAll(async () => {
  await recorder.stop();
});

const ofType = (events: DomainEvent[], type: string, subjectId?: string) =>
  events.filter((e) => e.type === type && (subjectId === undefined || e.subject.id === subjectId));

describe('domain events from the table stream', () => {
  it('makes each write of customers, pool, contacts, follow-ups, deals and SMS exactly one event of its type', async () => {
    const { t, rep, peer, reasonId } = await company();
    const c = await customer(rep);
    const edited = await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: rep,
      params: { id: c.id },
      headers: { 'if-match': `"${c.version}"` },
      body: { note: '重点客户' },
    });
    expect(edited.status).toBe(200);
    await released(rep, c.id, reasonId);
    expect((await claim(peer, c.id)).status).toBe(200);
    const person = await addContact(peer, c.id, { name: '王经理', mobile: freshMobile() });
    expect((await followUp(peer, c.id)).status).toBe(201);
    const l = await lead(rep);
    const o = await opportunity(peer, c.id);
    const moved = await invoke('POST /v1/opportunities/{id}/stage', moveOpportunity, {
      as: peer,
      params: { id: o.id },
      body: { stage: 'proposal' },
    });
    expect(moved.status).toBe(200);
    const p = await product(t.admin, { priceFen: 10_000 });
    const k = await contract(peer, c.id, p.id, { signedOn: '2026-03-01' });
    const paid = await invoke('POST /v1/payments', createPayment, {
      as: peer,
      body: { contractId: k.id, amountFen: 3_000, receivedOn: '2026-03-15' },
    });
    expect(paid.status).toBe(201);
    expect(
      (await invoke('POST /v1/sms/opt-outs', addOptOut, { as: rep, body: { phone: freshMobile() } })).status,
    ).toBe(201);

    const events = await recorder.of(t.tenantId);

    const once = (type: string, subjectId: string, actor: string | null) => {
      const found = ofType(events, type, subjectId);
      expect(found, type).toHaveLength(1);
      expect(found[0]?.actor, type).toEqual(actor ? { id: actor } : null);
    };
    once('customer.created', c.id, rep.userId);
    expect(ofType(events, 'customer.updated', c.id).length).toBeGreaterThanOrEqual(1);
    once('customer.released', c.id, rep.userId);
    once('customer.claimed', c.id, peer.userId);
    once('contact.created', person.id, peer.userId);
    expect(ofType(events, 'followup.created')).toHaveLength(1);
    once('lead.created', l.id, rep.userId);
    once('opportunity.created', o.id, peer.userId);
    once('opportunity.stageChanged', o.id, peer.userId);
    once('contract.created', k.id, peer.userId);
    expect(ofType(events, 'payment.created')).toHaveLength(1);
    expect(ofType(events, 'smsOptOut.created')).toHaveLength(1);
    // A release or claim moves the customer item too; that change is the history entry's event.
    expect(ofType(events, 'customer.updated', c.id).every((e) => e.occurredAt !== undefined)).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.filter((e) => !fitsSchema(e)).map((e) => e.type)).toEqual([]);
  });

  it('carries no more than the API representation: no keys, search terms or index attributes', async () => {
    const { t, rep } = await company();
    const c = await customer(rep, { phone: '13800138000' });

    const [created] = ofType(await recorder.of(t.tenantId), 'customer.created', c.id);

    const { contacts: _contacts, ...shown } = c;
    expect(created?.data).toEqual(shown);
    expect(Object.keys(created?.data as object)).not.toContain('pk');
    expect(JSON.stringify(created)).not.toMatch(/searchTerms|ownerRolePath|customersByOwnerPk/);
  });

  it('gives a replayed stream record the same event id, never a second one', async () => {
    const { t, rep } = await company();
    const c = await customer(rep);
    const before = await storedItem(customerKey(t.tenantId, c.id));
    await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: rep,
      params: { id: c.id },
      headers: { 'if-match': `"${c.version}"` },
      body: { note: '重放' },
    });
    const record = modifyEvent(before, await storedItem(customerKey(t.tenantId, c.id)));
    const seen = (await recorder.of(t.tenantId)).length;

    await publishEvents(record, context('events'));
    await publishEvents(record, context('events'));

    const replays = (await recorder.of(t.tenantId)).slice(seen).filter((e) => e.subject.id === c.id);
    expect(replays.map((e) => e.type)).toEqual(['customer.updated', 'customer.updated']);
    expect(replays[0]?.id).toBe(replays[1]?.id);
  });
});
