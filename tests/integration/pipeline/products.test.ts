import { describe, expect, it } from 'vitest';
import { handler as createProduct } from '#functions/pipeline/create-product.ts';
import { handler as getProduct } from '#functions/pipeline/get-product.ts';
import { handler as listProducts } from '#functions/pipeline/list-products.ts';
import { handler as updateProduct } from '#functions/pipeline/update-product.ts';
import { handler as updateDictionaryItem } from '#functions/settings/update-dictionary-item.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { fieldErrors, product } from './world.ts';

/** The id of a seeded product category (产品分类) of the tenant. */
async function category(tenantId: string, label: string): Promise<string> {
  const items = await listDictionary(tenantId, 'productCategory');
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no seeded product category ${label}`);
  return found.id;
}

describe('POST /v1/products', () => {
  it('creates a product with its price in fen, its category, a Location and an ETag', async () => {
    const t = await newTenant();
    const software = await category(t.tenantId, '软件产品');

    const res = await invoke('POST /v1/products', createProduct, {
      as: t.admin,
      body: { name: '企业版 CRM', code: 'CRM-ENT', unit: '套', priceFen: 1_999_900, categoryId: software },
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/products/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      name: '企业版 CRM',
      code: 'CRM-ENT',
      unit: '套',
      priceFen: 1_999_900,
      currency: 'CNY',
      categoryId: software,
      enabled: true,
    });
    expect(res.body).not.toHaveProperty('codeKey');
  });

  it('refuses a code another product holds, whatever its case and width, with 409 duplicate_code', async () => {
    const t = await newTenant();
    await product(t.admin, { code: 'ab-01' });

    const res = await invoke('POST /v1/products', createProduct, {
      as: t.admin,
      body: { name: '另一个', code: ' ＡＢ-01', unit: '个', priceFen: 1 },
    });

    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'duplicate_code' });
    const list = await invoke('GET /v1/products', listProducts, { as: t.admin });
    expect(list.body.items).toHaveLength(1);
  });

  it('lets exactly one of many concurrent creates with the same code win', async () => {
    const t = await newTenant();

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        invoke('POST /v1/products', createProduct, {
          as: t.admin,
          body: { name: `产品${i}`, code: 'SAME', unit: '个', priceFen: 100 },
        }),
      ),
    );

    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'duplicate_code')).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    const list = await invoke('GET /v1/products', listProducts, { as: t.admin });
    expect(list.body.items).toHaveLength(1);
  });

  it('allows the same code in another company', async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()]);
    await product(a.admin, { code: 'SHARED-CODE' });

    const res = await invoke('POST /v1/products', createProduct, {
      as: b.admin,
      body: { name: '产品', code: 'SHARED-CODE', unit: '个', priceFen: 100 },
    });

    expect(res.status).toBe(201);
  });

  it('needs settings.manage (403 for a rep)', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await invoke('POST /v1/products', createProduct, {
      as: rep,
      body: { name: '产品', code: 'X', unit: '个', priceFen: 100 },
    });

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('missing_permission');
  });

  it('refuses bad input with 400 field errors and writes nothing', async () => {
    const t = await newTenant();

    const res = await invoke('POST /v1/products', createProduct, {
      as: t.admin,
      body: { name: '', code: 'bad code!', unit: '个', priceFen: 12.5, colour: 'red' },
    });

    expect(res.status).toBe(400);
    const paths = fieldErrors(res).map((e) => e.split(':')[0]);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.code', 'body.priceFen', 'body']));
    const list = await invoke('GET /v1/products', listProducts, { as: t.admin });
    expect(list.body.items).toEqual([]);
  });

  it("refuses a category that is no productCategory item of the company's with 400 and the field path, writing nothing", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const foreign = await category(other.tenantId, '软件产品');
    const [region] = await listDictionary(t.tenantId, 'region');
    const create = (categoryId: string) =>
      invoke('POST /v1/products', createProduct, {
        as: t.admin,
        body: { name: '产品', code: `C-${categoryId.slice(-6)}`, unit: '个', priceFen: 1, categoryId },
      });

    const answers = [
      await create(foreign),
      await create(region?.id as string),
      await create('01J0000000ZZZZZZZZZZZZZZZZ'),
    ];

    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fieldErrors(res)).toEqual(['body.categoryId:unknown_dictionary_item']);
    }
    const list = await invoke('GET /v1/products', listProducts, { as: t.admin });
    expect(list.body.items).toEqual([]);
  });

  it('refuses a disabled category for a new product', async () => {
    const t = await newTenant();
    const id = await category(t.tenantId, '耗材配件');
    const disabled = await invoke('PATCH /v1/dictionaries/{kind}/items/{id}', updateDictionaryItem, {
      as: t.admin,
      params: { kind: 'productCategory', id },
      headers: { 'if-match': '"1"' },
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);

    const res = await invoke('POST /v1/products', createProduct, {
      as: t.admin,
      body: { name: '墨盒', code: 'INK', unit: '个', priceFen: 100, categoryId: id },
    });

    expect(res.status).toBe(400);
    expect(fieldErrors(res)).toEqual(['body.categoryId:disabled_dictionary_item']);
  });

  it('answers a retry with the same Idempotency-Key with the first response and creates one product', async () => {
    const t = await newTenant();
    const call = () =>
      invoke('POST /v1/products', createProduct, {
        as: t.admin,
        headers: { 'idempotency-key': 'prod-1' },
        body: { name: '产品', code: 'IDEM', unit: '个', priceFen: 100 },
      });

    const first = await call();
    const second = await call();

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const list = await invoke('GET /v1/products', listProducts, { as: t.admin });
    expect(list.body.items).toHaveLength(1);
  });
});

describe('GET /v1/products', () => {
  it('pages through the price list and narrows to enabled products', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await product(t.admin, { enabled: i !== 2 }));

    const first = await invoke('GET /v1/products', listProducts, { as: rep, query: { limit: '3' } });
    const second = await invoke('GET /v1/products', listProducts, {
      as: rep,
      query: { limit: '3', cursor: first.body.nextCursor },
    });
    const enabled = await invoke('GET /v1/products', listProducts, { as: rep, query: { enabled: 'true' } });

    expect(first.body.items.map((p: any) => p.id)).toEqual(made.slice(0, 3).map((p) => p.id));
    expect(second.body.items.map((p: any) => p.id)).toEqual(made.slice(3).map((p) => p.id));
    expect(second.body.nextCursor).toBeNull();
    expect(enabled.body.items).toHaveLength(4);
  });

  it("never shows another company's products and answers 404 for their ids", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()]);
    const p = await product(a.admin);

    const list = await invoke('GET /v1/products', listProducts, { as: b.admin });
    const get = await invoke('GET /v1/products/{id}', getProduct, { as: b.admin, params: { id: p.id } });

    expect(list.body.items).toEqual([]);
    expect(get.status).toBe(404);
  });
});

describe('PATCH /v1/products/{id}', () => {
  it('changes the code, freeing the old one for another product', async () => {
    const t = await newTenant();
    const p = await product(t.admin, { code: 'OLD' });

    const res = await invoke('PATCH /v1/products/{id}', updateProduct, {
      as: t.admin,
      params: { id: p.id },
      headers: { 'if-match': '"1"' },
      body: { code: 'NEW', priceFen: 12_345 },
    });
    const reuse = await invoke('POST /v1/products', createProduct, {
      as: t.admin,
      body: { name: '旧码新品', code: 'old', unit: '个', priceFen: 1 },
    });
    const clash = await invoke('POST /v1/products', createProduct, {
      as: t.admin,
      body: { name: '撞码', code: 'new', unit: '个', priceFen: 1 },
    });

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({ code: 'NEW', priceFen: 12_345, version: 2 });
    expect(reuse.status).toBe(201);
    expect(clash.status).toBe(409);
  });

  it('changes and clears the category, refusing an unknown one with 400', async () => {
    const t = await newTenant();
    const services = await category(t.tenantId, '实施服务');
    const p = await product(t.admin);
    const patch = (version: number, body: Record<string, unknown>) =>
      invoke('PATCH /v1/products/{id}', updateProduct, {
        as: t.admin,
        params: { id: p.id },
        headers: { 'if-match': `"${version}"` },
        body,
      });

    const set = await patch(1, { categoryId: services });
    const unknown = await patch(2, { categoryId: '01J0000000ZZZZZZZZZZZZZZZZ' });
    const cleared = await patch(2, { categoryId: null });

    expect(set.body).toMatchObject({ categoryId: services, version: 2 });
    expect(unknown.status).toBe(400);
    expect(fieldErrors(unknown)).toEqual(['body.categoryId:unknown_dictionary_item']);
    expect(cleared.body).toMatchObject({ categoryId: null, version: 3 });
  });

  it('refuses a stale If-Match with 412 and a missing one with 428, changing nothing', async () => {
    const t = await newTenant();
    const p = await product(t.admin, { priceFen: 100 });

    const stale = await invoke('PATCH /v1/products/{id}', updateProduct, {
      as: t.admin,
      params: { id: p.id },
      headers: { 'if-match': '"7"' },
      body: { priceFen: 200 },
    });
    const missing = await invoke('PATCH /v1/products/{id}', updateProduct, {
      as: t.admin,
      params: { id: p.id },
      body: { priceFen: 200 },
    });
    const after = await invoke('GET /v1/products/{id}', getProduct, { as: t.admin, params: { id: p.id } });

    expect(stale.status).toBe(412);
    expect(missing.status).toBe(428);
    expect(after.body.priceFen).toBe(100);
  });

  it('refuses a code held by another product with 409 and keeps both as they were', async () => {
    const t = await newTenant();
    const a = await product(t.admin, { code: 'A' });
    await product(t.admin, { code: 'B' });

    const res = await invoke('PATCH /v1/products/{id}', updateProduct, {
      as: t.admin,
      params: { id: a.id },
      headers: { 'if-match': '"1"' },
      body: { code: 'b' },
    });
    const after = await invoke('GET /v1/products/{id}', getProduct, { as: t.admin, params: { id: a.id } });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('duplicate_code');
    expect(after.body).toMatchObject({ code: 'A', version: 1 });
  });
});
