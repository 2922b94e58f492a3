import { describe, expect, it } from 'vitest';
import { handler as createField } from '#functions/settings/create-custom-field.ts';
import { handler as deleteField } from '#functions/settings/delete-custom-field.ts';
import { handler as listFields } from '#functions/settings/list-custom-fields.ts';
import { handler as updateField } from '#functions/settings/update-custom-field.ts';
import { HttpError } from '#lib/http/errors.ts';
import { validateCustomFields } from '#lib/settings/custom-fields.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

type Caller = { tenantId: string; userId: string };

const list = async (as: Caller) => {
  const res = await invoke('GET /v1/custom-fields', listFields, { as });
  expect(res.status).toBe(200);
  return res.body.items as { id: string; key: string; label: string; order: number; version: number }[];
};
const create = (as: Caller, body: unknown, headers: Record<string, string> = {}) =>
  invoke('POST /v1/custom-fields', createField, { as, body, headers });
const update = (as: Caller, id: string, body: unknown, ifMatch?: string) =>
  invoke('PATCH /v1/custom-fields/{id}', updateField, {
    as,
    params: { id },
    body,
    headers: ifMatch ? { 'if-match': ifMatch } : {},
  });
const remove = (as: Caller, id: string) =>
  invoke('DELETE /v1/custom-fields/{id}', deleteField, { as, params: { id } });

const sizeField = {
  entity: 'customer',
  key: 'companySize',
  label: '公司规模',
  type: 'select',
  options: ['小型', '中型', '大型'],
};

describe('POST /v1/custom-fields', () => {
  it('defines a field with Location and ETag, listed in order to every user', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const first = await create(t.admin, sizeField);
    const second = await create(t.admin, {
      entity: 'customer',
      key: 'founded',
      label: '成立日期',
      type: 'date',
    });

    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/v1/custom-fields/${first.body.id}`);
    expect(first.headers.etag).toBe('"1"');
    expect(first.body).toMatchObject({ ...sizeField, required: false, order: 10, version: 1 });
    expect(second.body).toMatchObject({ type: 'date', options: null, order: 20 });
    expect((await list(rep)).map((f) => f.key)).toEqual(['companySize', 'founded']);
  });

  it('refuses a second field with the same key with 409 duplicate_key', async () => {
    const t = await newTenant();
    await create(t.admin, sizeField);

    const res = await create(t.admin, { ...sizeField, label: '规模', type: 'text', options: undefined });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'duplicate_key', key: 'companySize' });
    expect(await list(t.admin)).toHaveLength(1);
  });

  it('lets exactly one of many concurrent creates of one key win', async () => {
    const t = await newTenant();

    const results = await Promise.all(Array.from({ length: 6 }, () => create(t.admin, sizeField)));

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await list(t.admin)).toHaveLength(1);
  });

  it.each([
    [{ ...sizeField, options: undefined }, 'body.options'],
    [{ ...sizeField, type: 'text' }, 'body.options'],
    [{ ...sizeField, options: ['小型', '小型'] }, 'body.options'],
    [{ ...sizeField, key: '规模' }, 'body.key'],
    [{ ...sizeField, key: '1size' }, 'body.key'],
    [{ ...sizeField, type: 'colour' }, 'body.type'],
    [{ ...sizeField, entity: 'invoice' }, 'body.entity'],
    [{ ...sizeField, hidden: true }, 'body'],
  ])('answers 400 problem+json for %j at %s and defines nothing', async (body, path) => {
    const t = await newTenant();

    const res = await create(t.admin, body);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await list(t.admin)).toHaveLength(0);
  });

  it('refuses a rep with 403', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await create(rep, sizeField);

    expect(res.status).toBe(403);
    expect(await list(t.admin)).toHaveLength(0);
  });

  it('replays a retried request with the same Idempotency-Key, and refuses the key for another body', async () => {
    const t = await newTenant();
    const headers = { 'idempotency-key': 'define-company-size' };

    const first = await create(t.admin, sizeField, headers);
    const retry = await create(t.admin, sizeField, headers);
    const reused = await create(t.admin, { ...sizeField, key: 'other' }, headers);

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(reused.status).toBe(422);
    expect(await list(t.admin)).toHaveLength(1);
  });
});

describe('PATCH /v1/custom-fields/{id}', () => {
  it('changes label, options, required and order at the version read', async () => {
    const t = await newTenant();
    const field = (await create(t.admin, sizeField)).body;

    const res = await update(
      t.admin,
      field.id,
      { label: '企业规模', options: ['小型', '中型', '大型', '集团'], required: true, order: 1 },
      '"1"',
    );

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      key: 'companySize',
      type: 'select',
      label: '企业规模',
      options: ['小型', '中型', '大型', '集团'],
      required: true,
      order: 1,
      version: 2,
    });
  });

  it('answers 428 without If-Match and 412 with a stale one', async () => {
    const t = await newTenant();
    const field = (await create(t.admin, sizeField)).body;
    await update(t.admin, field.id, { label: '规模' }, '"1"');

    expect((await update(t.admin, field.id, { label: 'x' })).status).toBe(428);
    expect((await update(t.admin, field.id, { label: 'x' }, '"1"')).status).toBe(412);
    expect((await list(t.admin))[0]?.label).toBe('规模');
  });

  it('refuses options on a field that is not a select, and a change of key or type', async () => {
    const t = await newTenant();
    const field = (await create(t.admin, { entity: 'customer', key: 'note', label: '备注', type: 'text' }))
      .body;

    const options = await update(t.admin, field.id, { options: ['a'] }, '"1"');
    const key = await update(t.admin, field.id, { key: 'memo' }, '"1"');
    const type = await update(t.admin, field.id, { type: 'number' }, '"1"');

    expect(options.status).toBe(400);
    expect(options.body.errors[0]).toMatchObject({ path: 'body.options', code: 'not_a_select' });
    expect(key.status).toBe(400);
    expect(type.status).toBe(400);
    expect((await list(t.admin))[0]?.version).toBe(1);
  });

  it('answers 404 for a field of another tenant and 403 to a rep', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const foreign = (await create(other.admin, sizeField)).body;
    const own = (await create(t.admin, sizeField)).body;

    expect((await update(t.admin, foreign.id, { label: 'x' }, '"1"')).status).toBe(404);
    expect((await update(rep, own.id, { label: 'x' }, '"1"')).status).toBe(403);
    expect((await list(other.admin))[0]?.label).toBe('公司规模');
  });
});

describe('DELETE /v1/custom-fields/{id}', () => {
  it('deletes the definition and frees its key', async () => {
    const t = await newTenant();
    const field = (await create(t.admin, sizeField)).body;

    const res = await remove(t.admin, field.id);

    expect(res.status).toBe(204);
    expect(await list(t.admin)).toHaveLength(0);
    expect((await create(t.admin, sizeField)).status).toBe(201);
  });

  it('answers 404 for another tenant or a deleted field, and 403 to a rep', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const foreign = (await create(other.admin, sizeField)).body;
    const own = (await create(t.admin, sizeField)).body;

    expect((await remove(t.admin, foreign.id)).status).toBe(404);
    expect((await remove(rep, own.id)).status).toBe(403);
    expect((await remove(t.admin, own.id)).status).toBe(204);
    expect((await remove(t.admin, own.id)).status).toBe(404);
    expect(await list(other.admin)).toHaveLength(1);
  });
});

describe('validateCustomFields', () => {
  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof HttpError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it("checks values against the tenant's definitions and returns them normalised", async () => {
    const t = await newTenant();
    await create(t.admin, { ...sizeField, required: true });
    await create(t.admin, { entity: 'customer', key: 'hotline', label: '总机', type: 'phone' });

    const values = await validateCustomFields(
      t.tenantId,
      'customer',
      { companySize: '中型', hotline: '010 6552 9988' },
      { partial: false },
    );

    expect(values).toEqual({ companySize: '中型', hotline: '+861065529988' });
  });

  it('reports each bad, unknown or missing value at body.customFields.<key>', async () => {
    const t = await newTenant();
    await create(t.admin, { ...sizeField, required: true });
    await create(t.admin, { entity: 'customer', key: 'employees', label: '人数', type: 'number' });

    const error = await refusal(
      validateCustomFields(t.tenantId, 'customer', { employees: 'many', colour: 'red' }, { partial: false }),
    );

    expect(error.status).toBe(400);
    expect(error.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.customFields.companySize', code: 'required' }),
        expect.objectContaining({ path: 'body.customFields.employees' }),
        expect.objectContaining({ path: 'body.customFields.colour', code: 'unknown_field' }),
      ]),
    );
  });

  it('checks only the given keys on update, keeping null to clear a field', async () => {
    const t = await newTenant();
    await create(t.admin, { ...sizeField, required: true });
    await create(t.admin, { entity: 'customer', key: 'note', label: '备注', type: 'text' });

    const values = await validateCustomFields(t.tenantId, 'customer', { note: null }, { partial: true });
    const untouched = await validateCustomFields(t.tenantId, 'customer', undefined, { partial: true });

    expect(values).toEqual({ note: null });
    expect(untouched).toEqual({});
  });

  it("ignores another tenant's definitions", async () => {
    const t = await newTenant();
    const other = await newTenant();
    await create(other.admin, sizeField);

    const error = await refusal(
      validateCustomFields(t.tenantId, 'customer', { companySize: '中型' }, { partial: false }),
    );

    expect(error.errors?.[0]).toMatchObject({ path: 'body.customFields.companySize', code: 'unknown_field' });
  });
});
