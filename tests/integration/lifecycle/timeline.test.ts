import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as createContact } from '#functions/contacts/create-contact.ts';
import { handler as mergeCustomers } from '#functions/customers/merge-customers.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { handler as createPlan } from '#functions/followups/create-plan.ts';
import { handler as createReply } from '#functions/followups/create-reply.ts';
import { handler as getTimeline } from '#functions/lifecycle/get-timeline.ts';
import { handler as createOpportunity } from '#functions/pipeline/create-opportunity.ts';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { setClock } from '#lib/clock.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { world } from '../pipeline/world.ts';
import { contract, customer, expectOk, product, startLifecycle } from './world.ts';

let streams: Awaited<ReturnType<typeof startLifecycle>>;
beforeAll(async () => {
  streams = await startLifecycle(['customer-timeline']);
});
afterAll(() => streams.stop());
afterEach(() => setClock(undefined));

/** Each write a minute after the last, so the timeline's order is the order of the writes. */
let minute = 0;
const tick = () => setClock(new Date(Date.UTC(2026, 5, 1, 8, ++minute)));

async function timeline(as: Caller, id: string, limit = 100) {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await invoke('GET /v1/customers/{id}/timeline', getTimeline, {
      as,
      params: { id },
      query: { limit: String(limit), ...(cursor ? { cursor } : {}) },
    });
    const page = expectOk(res, 200, 'GET timeline');
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const patch = (as: Caller, id: string, version: number, body: object) =>
  invoke('PATCH /v1/customers/{id}', updateCustomer, {
    as,
    params: { id },
    headers: { 'if-match': `"${version}"` },
    body,
  });

describe('the customer timeline', () => {
  it('tells each kind of change once, newest first, with who did it', async () => {
    const w = await world();
    tick();
    const p = await product(w.admin);
    tick();
    const c = await customer(w.owner);
    tick();
    expectOk(
      await patch(w.owner, c.id, c.version, {
        email: 'a@example.cn',
        note: '重点客户',
        website: 'https://a.cn',
      }),
      200,
      'PATCH',
    );
    tick();
    const f = expectOk(
      await invoke('POST /v1/customers/{id}/followups', createFollowUp, {
        as: w.owner,
        params: { id: c.id },
        body: { content: '电话沟通' },
      }),
      201,
      'follow-up',
    );
    tick();
    expectOk(
      await invoke('POST /v1/followups/{id}/replies', createReply, {
        as: w.manager,
        params: { id: f.id },
        body: { content: '继续跟进' },
      }),
      201,
      'reply',
    );
    tick();
    expectOk(
      await invoke('POST /v1/customers/{id}/plans', createPlan, {
        as: w.owner,
        params: { id: c.id },
        body: { dueAt: '2026-06-10T02:00:00.000Z', note: '上门拜访' },
      }),
      201,
      'plan',
    );
    tick();
    expectOk(
      await invoke('POST /v1/customers/{id}/contacts', createContact, {
        as: w.owner,
        params: { id: c.id },
        body: { name: '王经理', mobile: '13800138000' },
      }),
      201,
      'contact',
    );
    tick();
    expectOk(
      await invoke('POST /v1/opportunities', createOpportunity, {
        as: w.owner,
        body: { customerId: c.id, name: '年度采购', amountFen: 100_000 },
      }),
      201,
      'opportunity',
    );
    tick();
    const k = await contract(w.owner, c.id, p.id, { signedOn: '2026-06-01', title: '年度合同' });
    tick();
    expectOk(
      await invoke('POST /v1/payments', createPayment, {
        as: w.owner,
        body: { contractId: k.id, amountFen: 5_000, receivedOn: '2026-06-01' },
      }),
      201,
      'payment',
    );
    tick();
    expectOk(
      await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
        as: w.owner,
        params: { id: c.id },
        body: { userId: w.peer.userId },
      }),
      200,
      'transfer',
    );
    await streams.settled();
    await streams.settled();

    const entries = await timeline(w.manager, c.id, 3);
    expect(entries.map((e) => e.kind)).toEqual([
      'ownership',
      'payment',
      'contract',
      'opportunity',
      'contact',
      'plan',
      'reply',
      'followup',
      'field',
      'field',
      'field',
      'ownership',
      'created',
    ]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const at = entries.map((e) => e.at);
    expect([...at].sort().reverse()).toEqual(at);

    const fields = entries.filter((e) => e.kind === 'field');
    expect(fields.map((e) => [e.field, e.before, e.after]).sort()).toEqual([
      ['email', null, 'a@example.cn'],
      ['note', null, '重点客户'],
      ['website', null, 'https://a.cn'],
    ]);
    for (const e of fields) expect(e.actor).toEqual({ id: w.owner.userId, name: w.owner.name });
    const one = (kind: string) => entries.filter((e) => e.kind === kind);
    expect(one('created')).toHaveLength(1);
    expect(one('followup')).toMatchObject([{ summary: '跟进：电话沟通', actor: { id: w.owner.userId } }]);
    expect(one('reply')).toMatchObject([{ summary: '回复：继续跟进', actor: { id: w.manager.userId } }]);
    expect(one('plan')).toHaveLength(1);
    expect(one('opportunity')).toHaveLength(1);
    expect(one('contract')).toHaveLength(1);
    expect(one('payment')).toMatchObject([{ summary: '回款 ¥50.00（2026-06-01）' }]);
    const contact = one('contact');
    expect(contact).toHaveLength(1);
    expect(contact[0].summary).not.toContain('13800138000');
    expect(contact[0].summary).toContain('***8000');
    expect(one('ownership').map((e) => e.summary)).toEqual([
      `转移 自 ${w.owner.name} 给 ${w.peer.name}`,
      expect.stringContaining('创建'),
    ]);
  });

  it('is not shown to whoever may not see the customer', async () => {
    const w = await world();
    const c = await customer(w.owner);
    for (const as of [w.peer, w.outsider]) {
      const res = await invoke('GET /v1/customers/{id}/timeline', getTimeline, { as, params: { id: c.id } });
      expect(res.status).toBe(404);
    }
  });

  it("keeps a merged customer's entries on the target, each once", async () => {
    const w = await world();
    tick();
    const [target, source] = [await customer(w.owner), await customer(w.owner)];
    tick();
    expectOk(await patch(w.owner, source.id, source.version, { note: '来自来源' }), 200, 'PATCH');
    tick();
    expectOk(
      await invoke('POST /v1/customers/{id}/followups', createFollowUp, {
        as: w.owner,
        params: { id: source.id },
        body: { content: '来源的跟进' },
      }),
      201,
      'follow-up',
    );
    await streams.settled();
    tick();
    expectOk(
      await invoke('POST /v1/customers/merge', mergeCustomers, {
        as: w.admin,
        body: { targetId: target.id, sourceIds: [source.id] },
      }),
      200,
      'merge',
    );
    await streams.settled();
    await streams.settled();
    const entries = await timeline(w.owner, target.id);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.filter((e) => e.kind === 'followup').map((e) => e.summary)).toEqual(['跟进：来源的跟进']);
    expect(entries.filter((e) => e.kind === 'field' && e.field === 'note').map((e) => e.after)).toContain(
      '来自来源',
    );
    expect(entries.filter((e) => e.kind === 'ownership').map((e) => e.summary)).toContainEqual(
      expect.stringContaining('合并'),
    );
  });
});
