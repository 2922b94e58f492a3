import { describe, expect, it } from 'vitest';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as createOpportunity } from '#functions/pipeline/create-opportunity.ts';
import { handler as getOpportunity } from '#functions/pipeline/get-opportunity.ts';
import { handler as getStages } from '#functions/pipeline/get-stages.ts';
import { handler as listOpportunities } from '#functions/pipeline/list-opportunities.ts';
import { handler as moveOpportunity } from '#functions/pipeline/move-opportunity.ts';
import { handler as putStages } from '#functions/pipeline/put-stages.ts';
import { handler as updateOpportunity } from '#functions/pipeline/update-opportunity.ts';
import { getCustomer } from '#lib/customers/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { customer, fieldErrors, opportunity, world } from './world.ts';

const move = (as: any, id: string, stage: string, note?: string) =>
  invoke('POST /v1/opportunities/{id}/stage', moveOpportunity, {
    as,
    params: { id },
    body: { stage, ...(note ? { note } : {}) },
  });

describe('POST /v1/opportunities', () => {
  it('creates an opportunity at the first open stage with its win probability and first history entry', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await customer(rep);

    const res = await invoke('POST /v1/opportunities', createOpportunity, {
      as: rep,
      body: { customerId: c.id, name: 'CRM 采购', amountFen: 8_800_000, expectedCloseDate: '2026-06-30' },
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/opportunities/${res.body.id}`);
    expect(res.body).toMatchObject({
      customerId: c.id,
      customerName: c.name,
      name: 'CRM 采购',
      amountFen: 8_800_000,
      currency: 'CNY',
      stage: 'initial',
      probability: 10,
      status: 'open',
      ownerId: rep.userId,
      stageHistory: [{ from: null, to: 'initial', actorId: rep.userId }],
    });
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: rep,
      params: { id: c.id },
    });
    expect(overview.body.opportunities.map((o: any) => o.id)).toEqual([res.body.id]);
  });

  it('refuses a customer the caller cannot see with 404, one they may only view with 403, and bad input with 400', async () => {
    const w = await world();
    const c = await customer(w.owner);

    const peer = await invoke('POST /v1/opportunities', createOpportunity, {
      as: w.peer,
      body: { customerId: c.id, name: '商机' },
    });
    const outsider = await invoke('POST /v1/opportunities', createOpportunity, {
      as: w.outsider,
      body: { customerId: c.id, name: '商机' },
    });
    const viewer = await invoke('POST /v1/opportunities', createOpportunity, {
      as: w.assistant,
      body: { customerId: c.id, name: '商机' },
    });
    const bad = await invoke('POST /v1/opportunities', createOpportunity, {
      as: w.owner,
      body: { customerId: c.id, name: '商机', amountFen: -1, stage: 'won', extra: 1 },
    });
    const closed = await invoke('POST /v1/opportunities', createOpportunity, {
      as: w.owner,
      body: { customerId: c.id, name: '商机', stage: 'won' },
    });

    expect(peer.status).toBe(404);
    expect(outsider.status).toBe(404);
    expect(viewer.status).toBe(403);
    expect(bad.status).toBe(400);
    expect(fieldErrors(bad)).toEqual(expect.arrayContaining(['body.amountFen:too_small']));
    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('terminal_stage');
    const list = await invoke('GET /v1/opportunities', listOpportunities, {
      as: w.owner,
      query: { customerId: c.id },
    });
    expect(list.body.items).toEqual([]);
  });
});

describe('POST /v1/opportunities/{id}/stage', () => {
  it('moves through stages keeping a history with actor and time, and closes on won', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const manager = await t.addUser('赵经理', t.roles.manager);
    const c = await customer(rep);
    const o = await opportunity(rep, c.id);

    const proposal = await move(rep, o.id, 'proposal');
    const won = await move(manager, o.id, 'won', '签约');

    expect(proposal.status).toBe(200);
    expect(proposal.body).toMatchObject({ stage: 'proposal', probability: 50, status: 'open' });
    expect(won.status).toBe(200);
    expect(won.headers.etag).toBe(`"${won.body.version}"`);
    expect(won.body).toMatchObject({ stage: 'won', probability: 100, status: 'won' });
    expect(won.body.closedAt).toEqual(expect.any(String));
    expect(won.body.stageHistory.map((h: any) => [h.from, h.to, h.actorName, h.note])).toEqual([
      [null, 'initial', '张三', null],
      ['initial', 'proposal', '张三', null],
      ['proposal', 'won', '赵经理', '签约'],
    ]);
  });

  it('marks the customer as won with a deal time', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await customer(rep);
    const o = await opportunity(rep, c.id);

    await move(rep, o.id, 'won');

    const record = await getCustomer(t.tenantId, c.id);
    expect(record).toMatchObject({ won: true, lastDealAt: expect.any(String) });
  });

  it('treats won and lost as final: later moves and edits are 422 opportunity_closed', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await customer(rep);
    const o = await opportunity(rep, c.id);
    const lost = await move(rep, o.id, 'lost', '预算取消');

    const again = await move(rep, o.id, 'initial');
    const edit = await invoke('PATCH /v1/opportunities/{id}', updateOpportunity, {
      as: rep,
      params: { id: o.id },
      headers: { 'if-match': `"${lost.body.version}"` },
      body: { amountFen: 1 },
    });

    expect(lost.body.status).toBe('lost');
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('opportunity_closed');
    expect(edit.status).toBe(422);
    const record = await getCustomer(t.tenantId, c.id);
    expect(record?.won ?? false).toBe(false);
  });

  it('closes an opportunity exactly once when many users win it at the same time', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await customer(rep);
    const o = await opportunity(rep, c.id);

    const results = await Promise.all(Array.from({ length: 8 }, () => move(rep, o.id, 'won')));

    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'opportunity_closed')).toBe(
      true,
    );
    const after = await invoke('GET /v1/opportunities/{id}', getOpportunity, {
      as: rep,
      params: { id: o.id },
    });
    expect(after.body.stageHistory.filter((h: any) => h.to === 'won')).toHaveLength(1);
  });

  it('refuses an unknown stage with 400 and the same stage with 422, changing nothing', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await customer(rep);
    const o = await opportunity(rep, c.id);

    const unknown = await move(rep, o.id, 'nope');
    const same = await move(rep, o.id, 'initial');
    const after = await invoke('GET /v1/opportunities/{id}', getOpportunity, {
      as: rep,
      params: { id: o.id },
    });

    expect(unknown.status).toBe(400);
    expect(fieldErrors(unknown)).toEqual(['body.stage:unknown_stage']);
    expect(same.status).toBe(422);
    expect(after.body.version).toBe(1);
  });
});

describe('opportunity data scope', () => {
  it('follows the customer: owner, superior, shared user, viewAll and admin see it; peer, subordinate, outsider get 404', async () => {
    const w = await world();
    const c = await customer(w.owner, {}, [w.shared.userId]);
    const o = await opportunity(w.owner, c.id);

    const status = async (as: typeof w.owner) =>
      (await invoke('GET /v1/opportunities/{id}', getOpportunity, { as, params: { id: o.id } })).status;

    for (const who of [w.owner, w.manager, w.shared, w.assistant, w.admin])
      expect(await status(who)).toBe(200);
    for (const who of [w.peer, w.intern, w.outsider]) expect(await status(who)).toBe(404);
  });

  it('lets a shared user move the stage; a viewAll holder gets 403, peers and outsiders 404, on every write', async () => {
    const w = await world();
    const c = await customer(w.owner, {}, [w.shared.userId]);
    const o = await opportunity(w.owner, c.id);

    const edit = (as: typeof w.owner) =>
      invoke('PATCH /v1/opportunities/{id}', updateOpportunity, {
        as,
        params: { id: o.id },
        headers: { 'if-match': '"1"' },
        body: { note: '跟进中' },
      });

    expect((await move(w.assistant, o.id, 'needs')).status).toBe(403);
    expect((await move(w.peer, o.id, 'needs')).status).toBe(404);
    expect((await move(w.outsider, o.id, 'needs')).status).toBe(404);
    expect((await edit(w.peer)).status).toBe(404);
    expect((await edit(w.outsider)).status).toBe(404);
    expect((await edit(w.assistant)).status).toBe(403);
    expect((await move(w.shared, o.id, 'needs')).status).toBe(200);
  });

  it('stays visible to its owner when won before the customer is transferred away', async () => {
    const w = await world();
    const c = await customer(w.owner);
    const o = await opportunity(w.owner, c.id);
    await move(w.owner, o.id, 'won');
    await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: w.owner,
      params: { id: c.id },
      body: { userId: w.peer.userId },
    });

    const byOwner = await invoke('GET /v1/opportunities/{id}', getOpportunity, {
      as: w.owner,
      params: { id: o.id },
    });
    const byNewOwner = await invoke('GET /v1/opportunities/{id}', getOpportunity, {
      as: w.peer,
      params: { id: o.id },
    });
    const ofCustomer = await invoke('GET /v1/opportunities', listOpportunities, {
      as: w.owner,
      query: { customerId: c.id },
    });

    expect(byOwner.status).toBe(200);
    expect(byOwner.body).toMatchObject({ ownerId: w.owner.userId, status: 'won' });
    expect(byNewOwner.status).toBe(200);
    expect(ofCustomer.body.items.map((x: any) => x.id)).toEqual([o.id]);
  });
});

describe('GET /v1/opportunities', () => {
  it('lists mine, subordinates and company, newest update first', async () => {
    const w = await world();
    const own = await customer(w.owner);
    const peers = await customer(w.peer);
    const a = await opportunity(w.owner, own.id);
    const b = await opportunity(w.peer, peers.id);
    const a2 = await opportunity(w.owner, own.id);

    const ids = async (as: typeof w.owner, query: Record<string, string>) => {
      const res = await invoke('GET /v1/opportunities', listOpportunities, { as, query });
      return res.status === 200 ? res.body.items.map((o: any) => o.id) : res.status;
    };

    expect(await ids(w.owner, {})).toEqual([a2.id, a.id]);
    expect(await ids(w.manager, { view: 'subordinates' })).toHaveLength(3);
    expect(await ids(w.manager, { view: 'subordinates', ownerId: w.peer.userId })).toEqual([b.id]);
    expect(await ids(w.assistant, { view: 'company' })).toEqual([a2.id, b.id, a.id]);
    expect(await ids(w.peer, { view: 'company' })).toBe(403);
    expect(await ids(w.peer, { customerId: own.id })).toBe(404);
    expect(await ids(w.outsider, { view: 'company' })).toEqual([]);
  });

  it('lists one stage of the funnel within each scope', async () => {
    const w = await world();
    const own = await customer(w.owner);
    const peers = await customer(w.peer);
    const a = await opportunity(w.owner, own.id);
    const b = await opportunity(w.peer, peers.id);
    const c = await opportunity(w.owner, own.id);
    await move(w.owner, a.id, 'proposal');
    await move(w.peer, b.id, 'proposal');

    const ids = async (as: typeof w.owner, query: Record<string, string>) => {
      const res = await invoke('GET /v1/opportunities', listOpportunities, { as, query });
      return res.body.items.map((o: any) => o.id).sort();
    };

    expect(await ids(w.owner, { stage: 'proposal' })).toEqual([a.id]);
    expect(await ids(w.owner, { stage: 'initial' })).toEqual([c.id]);
    expect(await ids(w.manager, { stage: 'proposal', view: 'subordinates' })).toEqual([a.id, b.id].sort());
    expect(await ids(w.manager, { stage: 'proposal', view: 'subordinates', ownerId: w.peer.userId })).toEqual(
      [b.id],
    );
    expect(await ids(w.admin, { stage: 'proposal', view: 'company' })).toEqual([a.id, b.id].sort());
    expect(await ids(w.owner, { stage: 'proposal', customerId: own.id })).toEqual([a.id]);
  });
});

describe('PATCH /v1/opportunities/{id}', () => {
  it('edits an open opportunity at the version read', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await customer(rep);
    const o = await opportunity(rep, c.id);

    const res = await invoke('PATCH /v1/opportunities/{id}', updateOpportunity, {
      as: rep,
      params: { id: o.id },
      headers: { 'if-match': '"1"' },
      body: { amountFen: 1_234_500, expectedCloseDate: null, name: '改名' },
    });
    const stale = await invoke('PATCH /v1/opportunities/{id}', updateOpportunity, {
      as: rep,
      params: { id: o.id },
      headers: { 'if-match': '"1"' },
      body: { amountFen: 1 },
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      amountFen: 1_234_500,
      expectedCloseDate: null,
      name: '改名',
      version: 2,
    });
    expect(stale.status).toBe(412);
  });
});

describe('opportunity stages', () => {
  it('serves the defaults until the company saves its own list', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await invoke('GET /v1/opportunity-stages', getStages, { as: rep });

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body.stages.map((s: any) => [s.key, s.probability])).toEqual([
      ['initial', 10],
      ['needs', 30],
      ['proposal', 50],
      ['negotiation', 80],
      ['won', 100],
      ['lost', 0],
    ]);
  });

  it('saves a new list at the version read; new opportunities use it, disabled stages are refused', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await customer(rep);
    const current = await invoke('GET /v1/opportunity-stages', getStages, { as: t.admin });
    const stages = current.body.stages.map((s: any) => (s.key === 'initial' ? { ...s, disabled: true } : s));
    stages.splice(4, 0, { key: 'contract', name: '合同审批', probability: 90, terminal: null });

    const saved = await invoke('PUT /v1/opportunity-stages', putStages, {
      as: t.admin,
      headers: { 'if-match': '"0"' },
      body: { stages },
    });
    const stale = await invoke('PUT /v1/opportunity-stages', putStages, {
      as: t.admin,
      headers: { 'if-match': '"0"' },
      body: { stages },
    });
    const byRep = await invoke('PUT /v1/opportunity-stages', putStages, {
      as: rep,
      headers: { 'if-match': '"1"' },
      body: { stages },
    });
    const o = await opportunity(rep, c.id);
    const toContract = await move(rep, o.id, 'contract');

    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(stale.status).toBe(412);
    expect(byRep.status).toBe(403);
    expect(o.stage).toBe('needs');
    expect(toContract.body).toMatchObject({ stage: 'contract', probability: 90 });
    const disabled = await invoke('POST /v1/opportunities', createOpportunity, {
      as: rep,
      body: { customerId: c.id, name: '商机', stage: 'initial' },
    });
    expect(disabled.status).toBe(400);
  });

  it('refuses to drop a stage with 400 and keeps the list', async () => {
    const t = await newTenant();
    const current = await invoke('GET /v1/opportunity-stages', getStages, { as: t.admin });

    const res = await invoke('PUT /v1/opportunity-stages', putStages, {
      as: t.admin,
      headers: { 'if-match': '"0"' },
      body: { stages: current.body.stages.filter((s: any) => s.key !== 'needs') },
    });
    const after = await invoke('GET /v1/opportunity-stages', getStages, { as: t.admin });

    expect(res.status).toBe(400);
    expect(fieldErrors(res)).toEqual(['body.stages:stage_removed']);
    expect(after.headers.etag).toBe('"0"');
  });
});
