import { describe, expect, it } from 'vitest';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as listCustomers } from '#functions/customers/list-customers.ts';
import { handler as convertLead } from '#functions/pipeline/convert-lead.ts';
import { handler as createLead } from '#functions/pipeline/create-lead.ts';
import { handler as getLead } from '#functions/pipeline/get-lead.ts';
import { handler as getOpportunity } from '#functions/pipeline/get-opportunity.ts';
import { handler as listLeads } from '#functions/pipeline/list-leads.ts';
import { handler as updateLead } from '#functions/pipeline/update-lead.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { setSettings } from '../customers/world.ts';
import { customer, fieldErrors, lead, unique, world } from './world.ts';

describe('POST /v1/leads', () => {
  it('creates a lead owned by the caller with its phone in E.164', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await invoke('POST /v1/leads', createLead, {
      as: rep,
      body: { name: '陈先生', company: '星河科技', mobile: '138 0013 8000', email: 'chen@example.com' },
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/leads/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: '陈先生',
      company: '星河科技',
      mobile: '+8613800138000',
      status: 'new',
      ownerId: rep.userId,
      ownerName: '张三',
      customerId: null,
    });
    expect(res.body).not.toHaveProperty('ownerRolePath');
  });

  it('refuses a bad phone, an unknown source and unknown fields with 400 and writes nothing', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const badPhone = await invoke('POST /v1/leads', createLead, {
      as: rep,
      body: { name: '陈', mobile: '12345' },
    });
    const badSource = await invoke('POST /v1/leads', createLead, {
      as: rep,
      body: { name: '陈', sourceId: '01J0000000000000000000000Z' },
    });
    const unknown = await invoke('POST /v1/leads', createLead, {
      as: rep,
      body: { name: '陈', ownerId: rep.userId },
    });
    const converted = await invoke('POST /v1/leads', createLead, {
      as: rep,
      body: { name: '陈', status: 'converted' },
    });

    expect(badPhone.status).toBe(400);
    expect(fieldErrors(badPhone)).toEqual(['body.mobile:invalid_phone']);
    expect(badSource.status).toBe(400);
    expect(fieldErrors(badSource)).toEqual(['body.sourceId:unknown_dictionary_item']);
    expect(unknown.status).toBe(400);
    expect(converted.status).toBe(400);
    const mine = await invoke('GET /v1/leads', listLeads, { as: rep });
    expect(mine.body.items).toEqual([]);
  });
});

describe('lead data scope', () => {
  it('shows a lead to its owner, superiors, viewAll holders and admins; 404 to everyone else', async () => {
    const w = await world();
    const l = await lead(w.owner);

    const status = async (as: typeof w.owner) =>
      (await invoke('GET /v1/leads/{id}', getLead, { as, params: { id: l.id } })).status;

    expect(await status(w.owner)).toBe(200);
    expect(await status(w.manager)).toBe(200);
    expect(await status(w.admin)).toBe(200);
    expect(await status(w.assistant)).toBe(200);
    expect(await status(w.peer)).toBe(404);
    expect(await status(w.intern)).toBe(404);
    expect(await status(w.outsider)).toBe(404);
  });

  it('lists mine, subordinates (all or one) and company views; company needs customers.viewAll', async () => {
    const w = await world();
    const a = await lead(w.owner);
    const b = await lead(w.peer);
    const c = await lead(w.intern);

    const ids = async (as: typeof w.owner, query: Record<string, string>) => {
      const res = await invoke('GET /v1/leads', listLeads, { as, query });
      return res.status === 200 ? res.body.items.map((l: any) => l.id).sort() : res.status;
    };

    expect(await ids(w.owner, {})).toEqual([a.id]);
    expect(await ids(w.owner, { view: 'subordinates' })).toEqual([c.id]);
    expect(await ids(w.manager, { view: 'subordinates' })).toEqual([a.id, b.id, c.id].sort());
    expect(await ids(w.manager, { view: 'subordinates', ownerId: w.peer.userId })).toEqual([b.id]);
    expect(await ids(w.assistant, { view: 'company' })).toEqual([a.id, b.id, c.id].sort());
    expect(await ids(w.owner, { view: 'company' })).toBe(403);
    expect(await ids(w.owner, { view: 'subordinates', ownerId: w.peer.userId })).toBe(404);
    expect(await ids(w.outsider, { view: 'company' })).toEqual([]);
  });

  it('lets only the owner, superiors and admins edit; a viewAll holder gets 403, a peer 404', async () => {
    const w = await world();
    const l = await lead(w.owner);
    const patch = (as: typeof w.owner) =>
      invoke('PATCH /v1/leads/{id}', updateLead, {
        as,
        params: { id: l.id },
        headers: { 'if-match': '"1"' },
        body: { status: 'contacted' },
      });

    expect((await patch(w.assistant)).status).toBe(403);
    expect((await patch(w.peer)).status).toBe(404);
    const byManager = await patch(w.manager);
    expect(byManager.status).toBe(200);
    expect(byManager.body).toMatchObject({ status: 'contacted', version: 2 });
    expect(byManager.headers.etag).toBe('"2"');
  });
});

describe('PATCH /v1/leads/{id}', () => {
  it('edits fields, clears with null and narrows lists by status', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const l = await lead(rep, { title: '经理', note: '展会' });
    await lead(rep);

    const res = await invoke('PATCH /v1/leads/{id}', updateLead, {
      as: rep,
      params: { id: l.id },
      headers: { 'if-match': '"1"' },
      body: { status: 'qualified', title: null, phone: '010-8888 6666' },
    });
    const qualified = await invoke('GET /v1/leads', listLeads, { as: rep, query: { status: 'qualified' } });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'qualified',
      title: null,
      note: '展会',
      phone: '+861088886666',
    });
    expect(qualified.body.items.map((x: any) => x.id)).toEqual([l.id]);
  });

  it('refuses a stale version with 412 and changes nothing', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const l = await lead(rep);

    const res = await invoke('PATCH /v1/leads/{id}', updateLead, {
      as: rep,
      params: { id: l.id },
      headers: { 'if-match': '"5"' },
      body: { status: 'qualified' },
    });
    const after = await invoke('GET /v1/leads/{id}', getLead, { as: rep, params: { id: l.id } });

    expect(res.status).toBe(412);
    expect(after.body).toMatchObject({ status: 'new', version: 1 });
  });
});

describe('POST /v1/leads/{id}/convert', () => {
  it('creates the customer with the lead as primary contact and an opportunity, and marks the lead converted', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const l = await lead(rep, {
      name: '陈先生',
      company: '星河科技有限公司',
      mobile: '13800138000',
      title: '采购经理',
    });

    const res = await invoke('POST /v1/leads/{id}/convert', convertLead, {
      as: rep,
      params: { id: l.id },
      body: { createOpportunity: { name: 'CRM 采购', amountFen: 8_800_000, stage: 'needs' } },
    });

    expect(res.status).toBe(200);
    expect(res.body.lead).toMatchObject({
      status: 'converted',
      customerId: res.body.customerId,
      contactId: res.body.contactId,
      opportunityId: res.body.opportunity.id,
      convertedBy: rep.userId,
    });
    expect(res.body.opportunity).toMatchObject({
      name: 'CRM 采购',
      stage: 'needs',
      probability: 30,
      leadId: l.id,
    });
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: rep,
      params: { id: res.body.customerId },
    });
    expect(overview.body.customer).toMatchObject({ name: '星河科技有限公司', ownerId: rep.userId });
    expect(overview.body.contacts).toEqual([
      expect.objectContaining({ name: '陈先生', mobile: '+8613800138000', title: '采购经理', primary: true }),
    ]);
    const opp = await invoke('GET /v1/opportunities/{id}', getOpportunity, {
      as: rep,
      params: { id: res.body.opportunity.id },
    });
    expect(opp.status).toBe(200);
    const converted = await invoke('GET /v1/leads', listLeads, { as: rep, query: { status: 'converted' } });
    const open = await invoke('GET /v1/leads', listLeads, { as: rep });
    expect(converted.body.items.map((x: any) => x.id)).toEqual([l.id]);
    expect(open.body.items).toEqual([]);
  });

  it('converts once: a second convert is 409 already_converted and creates nothing', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const l = await lead(rep);
    const first = await invoke('POST /v1/leads/{id}/convert', convertLead, {
      as: rep,
      params: { id: l.id },
      body: {},
    });

    const second = await invoke('POST /v1/leads/{id}/convert', convertLead, {
      as: rep,
      params: { id: l.id },
      body: { customerName: unique('别的名字') },
    });
    const edit = await invoke('PATCH /v1/leads/{id}', updateLead, {
      as: rep,
      params: { id: l.id },
      headers: { 'if-match': '"2"' },
      body: { note: '改' },
    });

    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'already_converted', customerId: first.body.customerId });
    expect(edit.status).toBe(409);
    const company = await invoke('GET /v1/customers', listCustomers, {
      as: t.admin,
      query: { view: 'company' },
    });
    expect(company.body.items).toHaveLength(1);
  });

  it('lets exactly one of many concurrent converts succeed; the others get 409 and nothing more is written', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const manager = await t.addUser('赵经理', t.roles.manager);
    const l = await lead(rep);

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        invoke('POST /v1/leads/{id}/convert', convertLead, {
          as: i % 2 ? manager : rep,
          params: { id: l.id },
          body: { customerName: unique('并发客户'), createOpportunity: { name: `商机${i}` } },
        }),
      ),
    );

    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(
      Array(7).fill('already_converted'),
    );
    const winner = winners[0]?.body;
    const company = await invoke('GET /v1/customers', listCustomers, {
      as: t.admin,
      query: { view: 'company' },
    });
    expect(company.body.items.map((c: any) => c.id)).toEqual([winner.customerId]);
  });

  it('applies the duplicate-name check: 409 duplicate_name and the lead stays open', async () => {
    const w = await world();
    const existing = await customer(w.peer, { name: unique('重名公司') });
    const l = await lead(w.owner, { company: existing.name });

    const res = await invoke('POST /v1/leads/{id}/convert', convertLead, {
      as: w.owner,
      params: { id: l.id },
      body: {},
    });
    const after = await invoke('GET /v1/leads/{id}', getLead, { as: w.owner, params: { id: l.id } });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('duplicate_name');
    expect(res.body.existing.ownerName).toBe('李四');
    expect(after.body).toMatchObject({ status: 'new', customerId: null, version: 1 });
  });

  it("applies the owner's quota: 409 quota_exceeded and nothing is written", async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    await setSettings(t.tenantId, { maxCustomersPerRep: 1 });
    await customer(rep);
    const l = await lead(rep);

    const res = await invoke('POST /v1/leads/{id}/convert', convertLead, {
      as: rep,
      params: { id: l.id },
      body: { createOpportunity: { name: '商机' } },
    });
    const after = await invoke('GET /v1/leads/{id}', getLead, { as: rep, params: { id: l.id } });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('quota_exceeded');
    expect(after.body.status).toBe('new');
  });

  it('refuses an unknown or closed opportunity stage with the field path, writing nothing', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const l = await lead(rep);

    const unknown = await invoke('POST /v1/leads/{id}/convert', convertLead, {
      as: rep,
      params: { id: l.id },
      body: { createOpportunity: { name: '商机', stage: 'nope' } },
    });
    const closed = await invoke('POST /v1/leads/{id}/convert', convertLead, {
      as: rep,
      params: { id: l.id },
      body: { createOpportunity: { name: '商机', stage: 'won' } },
    });
    const after = await invoke('GET /v1/leads/{id}', getLead, { as: rep, params: { id: l.id } });

    expect(unknown.status).toBe(400);
    expect(fieldErrors(unknown)).toEqual(['body.createOpportunity.stage:unknown_stage']);
    expect(closed.status).toBe(422);
    expect(after.body.status).toBe('new');
  });

  it('answers a retried convert with the same Idempotency-Key with the first result', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const l = await lead(rep);
    const call = () =>
      invoke('POST /v1/leads/{id}/convert', convertLead, {
        as: rep,
        params: { id: l.id },
        headers: { 'idempotency-key': 'convert-1' },
        body: {},
      });

    const first = await call();
    const retry = await call();

    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.customerId).toBe(first.body.customerId);
    const c = await invoke('GET /v1/customers/{id}', getCustomer, {
      as: rep,
      params: { id: first.body.customerId },
    });
    expect(c.status).toBe(200);
  });

  it('is 404 for peers and other tenants and 403 for viewAll holders', async () => {
    const w = await world();
    const l = await lead(w.owner);
    const convert = (as: typeof w.owner) =>
      invoke('POST /v1/leads/{id}/convert', convertLead, { as, params: { id: l.id }, body: {} });

    expect((await convert(w.peer)).status).toBe(404);
    expect((await convert(w.outsider)).status).toBe(404);
    expect((await convert(w.assistant)).status).toBe(403);
  });
});
