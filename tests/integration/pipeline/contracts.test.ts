import { describe, expect, it } from 'vitest';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as createContract } from '#functions/pipeline/create-contract.ts';
import { handler as getContract } from '#functions/pipeline/get-contract.ts';
import { handler as listContracts } from '#functions/pipeline/list-contracts.ts';
import { handler as updateContract } from '#functions/pipeline/update-contract.ts';
import { handler as updateProduct } from '#functions/pipeline/update-product.ts';
import { getCustomer } from '#lib/customers/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { contract, customer, fieldErrors, opportunity, product, world } from './world.ts';

async function setup() {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const c = await customer(rep);
  return { t, rep, c };
}

const patch = (as: any, id: string, version: number, body: Record<string, unknown>) =>
  invoke('PATCH /v1/contracts/{id}', updateContract, {
    as,
    params: { id },
    headers: { 'if-match': `"${version}"` },
    body,
  });

describe('POST /v1/contracts', () => {
  it('prices the lines on the server in fen: quantity × unit price less the discount, each line rounded half up', async () => {
    const { t, rep, c } = await setup();
    const a = await product(t.admin, { name: '服务器', unit: '台', priceFen: 1005 });
    const b = await product(t.admin, { name: '实施服务', unit: '人天', priceFen: 333_333 });

    const res = await invoke('POST /v1/contracts', createContract, {
      as: rep,
      body: {
        customerId: c.id,
        title: '一期采购',
        lines: [
          { productId: a.id, quantity: 1, discountPct: 5 },
          { productId: a.id, quantity: 3, unitPriceFen: 1001, discountPct: 50 },
          { productId: b.id, quantity: 2.5, discountPct: 12.35 },
        ],
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      },
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/contracts/${res.body.id}`);
    // 1005 × 95% = 954.75 -> 955; 3 × 1001 × 50% = 1501.5 -> 1502; 2.5 × 333333 × 87.65% = 730415.93625 -> 730416
    expect(
      res.body.lines.map((l: any) => [l.productName, l.unit, l.unitPriceFen, l.listFen, l.amountFen]),
    ).toEqual([
      ['服务器', '台', 1005, 1005, 955],
      ['服务器', '台', 1001, 3003, 1502],
      ['实施服务', '人天', 333_333, 833_333, 730_416],
    ]);
    expect(res.body).toMatchObject({
      totalFen: 955 + 1502 + 730_416,
      receivedFen: 0,
      outstandingFen: 955 + 1502 + 730_416,
      plannedFen: 0,
      currency: 'CNY',
      kind: 'standard',
      status: 'draft',
      customerName: c.name,
      ownerId: rep.userId,
    });
    expect(res.body).not.toHaveProperty('unplannedFen');
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: rep,
      params: { id: c.id },
    });
    expect(overview.body.contracts.map((k: any) => k.id)).toEqual([res.body.id]);
  });

  it('ignores a client-sent total: unknown fields are 400 and nothing is written', async () => {
    const { t, rep, c } = await setup();
    const p = await product(t.admin);

    const res = await invoke('POST /v1/contracts', createContract, {
      as: rep,
      body: { customerId: c.id, lines: [{ productId: p.id, quantity: 1 }], totalFen: 1 },
    });

    expect(res.status).toBe(400);
    const list = await invoke('GET /v1/contracts', listContracts, { as: rep, query: { customerId: c.id } });
    expect(list.body.items).toEqual([]);
  });

  it('refuses unknown and disabled products, bad quantities and dates with field paths', async () => {
    const { t, rep, c } = await setup();
    const p = await product(t.admin);
    const off = await product(t.admin, { enabled: false });

    const lines = await invoke('POST /v1/contracts', createContract, {
      as: rep,
      body: {
        customerId: c.id,
        lines: [
          { productId: p.id, quantity: 1 },
          { productId: '01J0000000000000000000000Z', quantity: 1 },
          { productId: off.id, quantity: 1 },
        ],
      },
    });
    const quantity = await invoke('POST /v1/contracts', createContract, {
      as: rep,
      body: { customerId: c.id, lines: [{ productId: p.id, quantity: 1.2345, discountPct: 101 }] },
    });
    const dates = await invoke('POST /v1/contracts', createContract, {
      as: rep,
      body: {
        customerId: c.id,
        lines: [{ productId: p.id, quantity: 1 }],
        startsOn: '2026-05-01',
        endsOn: '2026-04-01',
      },
    });

    expect(lines.status).toBe(400);
    expect(fieldErrors(lines)).toEqual([
      'body.lines.1.productId:unknown_product',
      'body.lines.2.productId:disabled_product',
    ]);
    expect(quantity.status).toBe(400);
    expect(fieldErrors(quantity).map((e) => e.split(':')[0])).toEqual(
      expect.arrayContaining(['body.lines.0.quantity', 'body.lines.0.discountPct']),
    );
    expect(dates.status).toBe(400);
    expect(fieldErrors(dates)).toEqual(['body.endsOn:ends_before_start']);
    const list = await invoke('GET /v1/contracts', listContracts, { as: rep, query: { customerId: c.id } });
    expect(list.body.items).toEqual([]);
  });

  it('signs at once with signedOn and marks the customer as having a deal', async () => {
    const { t, rep, c } = await setup();
    const p = await product(t.admin);

    const k = await contract(rep, c.id, p.id, { signedOn: '2026-03-01' });

    expect(k.status).toBe('signed');
    const record = await getCustomer(t.tenantId, c.id);
    expect(record).toMatchObject({ won: true, lastDealAt: expect.any(String) });
  });

  it('links an opportunity of the same customer, and refuses one of another customer', async () => {
    const { t, rep, c } = await setup();
    const other = await customer(rep);
    const p = await product(t.admin);
    const o = await opportunity(rep, c.id, { name: '大单' });
    const elsewhere = await opportunity(rep, other.id);

    const linked = await contract(rep, c.id, p.id, { opportunityId: o.id });
    const wrong = await invoke('POST /v1/contracts', createContract, {
      as: rep,
      body: { customerId: c.id, opportunityId: elsewhere.id, lines: [{ productId: p.id, quantity: 1 }] },
    });

    expect(linked).toMatchObject({ opportunityId: o.id, title: '大单' });
    expect(wrong.status).toBe(400);
    expect(fieldErrors(wrong)).toEqual(['body.opportunityId:unknown_opportunity']);
  });
});

describe('supplement contracts', () => {
  it('adds a supplement to a standard contract and lists the supplements of it', async () => {
    const { t, rep, c } = await setup();
    const p = await product(t.admin);
    const parent = await contract(rep, c.id, p.id, { title: '主合同', signedOn: '2026-01-10' });
    await contract(rep, c.id, p.id);

    const supplement = await invoke('POST /v1/contracts', createContract, {
      as: rep,
      body: {
        customerId: c.id,
        kind: 'supplement',
        parentId: parent.id,
        lines: [{ productId: p.id, quantity: 2 }],
      },
    });
    const supplements = await invoke('GET /v1/contracts', listContracts, {
      as: rep,
      query: { customerId: c.id, parentId: parent.id },
    });

    expect(supplement.status).toBe(201);
    expect(supplement.body).toMatchObject({
      kind: 'supplement',
      parentId: parent.id,
      title: '主合同（补充）',
    });
    expect(supplements.body.items.map((k: any) => k.id)).toEqual([supplement.body.id]);
  });

  it('needs a parent, which must be a standard, live contract of the same customer', async () => {
    const { t, rep, c } = await setup();
    const other = await customer(rep);
    const p = await product(t.admin);
    const parent = await contract(rep, c.id, p.id);
    const elsewhere = await contract(rep, other.id, p.id);
    const supplement = await contract(rep, c.id, p.id, { kind: 'supplement', parentId: parent.id });
    const create = (body: Record<string, unknown>) =>
      invoke('POST /v1/contracts', createContract, {
        as: rep,
        body: { customerId: c.id, lines: [{ productId: p.id, quantity: 1 }], ...body },
      });

    const missing = await create({ kind: 'supplement' });
    const onStandard = await create({ parentId: parent.id });
    const otherCustomer = await create({ kind: 'supplement', parentId: elsewhere.id });
    const ofSupplement = await create({ kind: 'supplement', parentId: supplement.id });
    await patch(rep, parent.id, 1, { status: 'terminated' });
    const ofTerminated = await create({ kind: 'supplement', parentId: parent.id });

    expect(fieldErrors(missing)).toEqual(['body.parentId:parent_required']);
    expect(fieldErrors(onStandard)).toEqual(['body.parentId:parent_not_allowed']);
    expect(fieldErrors(otherCustomer)).toEqual(['body.parentId:unknown_contract']);
    expect(ofSupplement.status).toBe(422);
    expect(ofSupplement.body.code).toBe('invalid_parent');
    expect(ofTerminated.status).toBe(422);
  });
});

describe('PATCH /v1/contracts/{id}', () => {
  it('reprices new lines, signs, and keeps notes editable after completion', async () => {
    const { t, rep, c } = await setup();
    const p = await product(t.admin, { priceFen: 10_000 });
    const k = await contract(rep, c.id, p.id);

    const repriced = await patch(rep, k.id, 1, {
      lines: [{ productId: p.id, quantity: 3, discountPct: 10 }],
    });
    const signed = await patch(rep, k.id, 2, {
      status: 'signed',
      signedOn: '2026-04-01',
      risk: '付款周期长',
    });
    const completed = await patch(rep, k.id, 3, { status: 'completed' });
    const evaluated = await patch(rep, k.id, 4, { evaluation: '客户满意' });
    const frozen = await patch(rep, k.id, 5, { endsOn: '2027-01-01' });

    expect(repriced.body).toMatchObject({ totalFen: 27_000, outstandingFen: 27_000 });
    expect(signed.body).toMatchObject({ status: 'signed', signedOn: '2026-04-01', risk: '付款周期长' });
    expect(completed.body.status).toBe('completed');
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.evaluation).toBe('客户满意');
    expect(frozen.status).toBe(422);
    expect(frozen.body.code).toBe('contract_closed');
    expect((await getCustomer(t.tenantId, c.id))?.won).toBe(true);
  });

  it('refuses invalid transitions, signing without a date and a stale version', async () => {
    const { t, rep, c } = await setup();
    const p = await product(t.admin);
    const k = await contract(rep, c.id, p.id);

    const noDate = await patch(rep, k.id, 1, { status: 'signed' });
    const skip = await patch(rep, k.id, 1, { status: 'completed' });
    const stale = await patch(rep, k.id, 9, { note: 'x' });

    expect(noDate.status).toBe(422);
    expect(noDate.body.code).toBe('signed_on_required');
    expect(skip.body.code).toBe('invalid_transition');
    expect(stale.status).toBe(412);
    const after = await invoke('GET /v1/contracts/{id}', getContract, { as: rep, params: { id: k.id } });
    expect(after.body).toMatchObject({ status: 'draft', version: 1 });
  });

  it('keeps lines of a product disabled since, but refuses adding it anew', async () => {
    const { t, rep, c } = await setup();
    const p = await product(t.admin);
    const q = await product(t.admin);
    const k = await contract(rep, c.id, p.id);
    await invoke('PATCH /v1/products/{id}', updateProduct, {
      as: t.admin,
      params: { id: p.id },
      headers: { 'if-match': '"1"' },
      body: { enabled: false },
    });
    await invoke('PATCH /v1/products/{id}', updateProduct, {
      as: t.admin,
      params: { id: q.id },
      headers: { 'if-match': '"1"' },
      body: { enabled: false },
    });

    const keep = await patch(rep, k.id, 1, { lines: [{ productId: p.id, quantity: 2 }] });
    const add = await patch(rep, k.id, 2, { lines: [{ productId: q.id, quantity: 1 }] });

    expect(keep.status).toBe(200);
    expect(fieldErrors(add)).toEqual(['body.lines.0.productId:disabled_product']);
  });
});

describe('contract data scope', () => {
  it("follows the customer's scope on every route", async () => {
    const w = await world();
    const p = await product(w.admin);
    const c = await customer(w.owner, {}, [w.shared.userId]);
    const k = await contract(w.owner, c.id, p.id);

    const get = async (as: typeof w.owner) =>
      (await invoke('GET /v1/contracts/{id}', getContract, { as, params: { id: k.id } })).status;
    const edit = async (as: typeof w.owner) => (await patch(as, k.id, 1, { progress: '进行中' })).status;
    const byCustomer = async (as: typeof w.owner) =>
      (await invoke('GET /v1/contracts', listContracts, { as, query: { customerId: c.id } })).status;

    for (const who of [w.owner, w.manager, w.shared, w.assistant, w.admin]) expect(await get(who)).toBe(200);
    for (const who of [w.peer, w.intern, w.outsider]) expect(await get(who)).toBe(404);
    for (const who of [w.peer, w.intern, w.outsider]) expect(await byCustomer(who)).toBe(404);
    expect(await byCustomer(w.shared)).toBe(200);
    expect(await edit(w.assistant)).toBe(403);
    expect(await edit(w.peer)).toBe(404);
    expect(await edit(w.outsider)).toBe(404);
    expect(await edit(w.shared)).toBe(200);
    const create = await invoke('POST /v1/contracts', createContract, {
      as: w.peer,
      body: { customerId: c.id, lines: [{ productId: p.id, quantity: 1 }] },
    });
    expect(create.status).toBe(404);
  });

  it('lists mine, subordinates and company views with a status filter', async () => {
    const w = await world();
    const p = await product(w.admin);
    const own = await customer(w.owner);
    const peers = await customer(w.peer);
    const a = await contract(w.owner, own.id, p.id, { signedOn: '2026-02-01' });
    const b = await contract(w.peer, peers.id, p.id);

    const ids = async (as: typeof w.owner, query: Record<string, string>) => {
      const res = await invoke('GET /v1/contracts', listContracts, { as, query });
      return res.status === 200 ? res.body.items.map((k: any) => k.id).sort() : res.status;
    };

    expect(await ids(w.owner, {})).toEqual([a.id]);
    expect(await ids(w.manager, { view: 'subordinates' })).toEqual([a.id, b.id].sort());
    expect(await ids(w.manager, { view: 'subordinates', status: 'draft' })).toEqual([b.id]);
    expect(await ids(w.assistant, { view: 'company', status: 'signed' })).toEqual([a.id]);
    expect(await ids(w.owner, { view: 'company' })).toBe(403);
    expect(await ids(w.outsider, { view: 'company' })).toEqual([]);
  });
});
