import { describe, expect, it } from 'vitest';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, setSettings } from './world.ts';

const patch = (as: { tenantId: string; userId: string }, id: string, body: unknown, ifMatch?: string) =>
  invoke('PATCH /v1/customers/{id}', updateCustomer, {
    as,
    params: { id },
    body,
    ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
  });
const get = (as: { tenantId: string; userId: string }, id: string) =>
  invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } });

describe('GET /v1/customers/{id}', () => {
  it('returns the customer with its ETag', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '读取科技' });

    const res = await get(t.admin, c.id);

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ id: c.id, name: '读取科技', reclaimAt: null, hot: false });
  });

  it('answers 404 for an id of another tenant and 400 for a malformed id', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const c = await create(other.admin);

    const foreign = await get(t.admin, c.id);
    const malformed = await get(t.admin, 'nope');

    expect(foreign.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('params.id');
  });
});

describe('PATCH /v1/customers/{id}', () => {
  it('changes the fields given, clears the ones set to null, and moves the version', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '修改科技', phone: '13800138000', address: '北京', tags: ['a'] });

    const res = await patch(t.admin, c.id, { address: null, email: 'a@b.cn', tags: ['b', 'c'] }, '"1"');

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      name: '修改科技',
      phone: '+8613800138000',
      address: null,
      email: 'a@b.cn',
      tags: ['b', 'c'],
      version: 2,
    });
    expect((await get(t.admin, c.id)).body).toEqual(res.body);
  });

  it('answers 428 without If-Match and 412 with a stale one, changing nothing', async () => {
    const t = await newTenant();
    const c = await create(t.admin);
    await patch(t.admin, c.id, { note: 'v2' }, '"1"');

    const missing = await patch(t.admin, c.id, { note: 'x' });
    const stale = await patch(t.admin, c.id, { note: 'x' }, '"1"');

    expect(missing.status).toBe(428);
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('stale_version');
    expect((await get(t.admin, c.id)).body).toMatchObject({ note: 'v2', version: 2 });
  });

  it.each([
    ['an invalid phone', { phone: '1' }, 'body.phone'],
    ['an unknown field', { owner: 'me' }, 'body'],
    ['an empty body', {}, 'body'],
    ['an empty name', { name: '' }, 'body.name'],
    ['an unknown dictionary id', { statusId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 'body.statusId'],
  ])('rejects %s with 400 naming the field and changes nothing', async (_, body, path) => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '原样科技' });

    const res = await patch(t.admin, c.id, body, '"1"');

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await get(t.admin, c.id)).body).toMatchObject({ name: '原样科技', version: 1 });
  });

  it('lets exactly one of 6 concurrent PATCHes with the same ETag win; the rest get 412', async () => {
    const t = await newTenant();
    const c = await create(t.admin);

    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => patch(t.admin, c.id, { note: `writer ${i}` }, '"1"')),
    );

    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200);
    expect((await get(t.admin, c.id)).body).toMatchObject({ note: winner?.body.note, version: 2 });
  });

  it('moves the name guard on rename: the old name is free again, the new one is taken', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '旧名科技有限公司' });
    await create(t.admin, { name: '占用科技' });

    const renamed = await patch(t.admin, c.id, { name: '新名科技' }, '"1"');
    const reuseOld = await invoke('POST /v1/customers', createCustomer, {
      as: t.admin,
      body: { name: '旧名科技' },
    });
    const clash = await patch(t.admin, c.id, { name: '占用科技股份有限公司' }, '"2"');

    expect(renamed.status).toBe(200);
    expect(reuseOld.status).toBe(201);
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('duplicate_name');
    expect((await get(t.admin, c.id)).body.name).toBe('新名科技');
  });

  it('refuses to make a customer private when the setting is off', async () => {
    const t = await newTenant();
    const c = await create(t.admin);
    await setSettings(t.tenantId, { privateCustomersEnabled: false });

    const res = await patch(t.admin, c.id, { private: true }, '"1"');

    expect(res.status).toBe(422);
  });
});
