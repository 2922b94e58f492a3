import { describe, expect, it } from 'vitest';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { ids, listAll, setSettings } from './world.ts';

const post = (
  as: { tenantId: string; userId: string } | null,
  body: unknown,
  headers?: Record<string, string>,
) => invoke('POST /v1/customers', createCustomer, { as, body, ...(headers ? { headers } : {}) });

describe('POST /v1/customers', () => {
  it('creates a customer owned by the caller, with Location, ETag, E.164 phones and initial contacts', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await post(rep, {
      name: '杭州阿里巴巴网络技术有限公司',
      phone: '138 0013 8000',
      email: 'info@example.com',
      tags: ['重点', '重点', '华东'],
      birthday: '1999-09-09',
      contacts: [
        { name: '马经理', mobile: '13900139000', title: '采购' },
        { name: '刘工', phone: '010-12345678', primary: true },
      ],
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/customers/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      name: '杭州阿里巴巴网络技术有限公司',
      phone: '+8613800138000',
      tags: ['重点', '华东'],
      ownerId: rep.userId,
      ownerName: '张三',
      state: 'active',
      hot: false,
      private: false,
      reclaimAt: null,
      sharedWith: [],
      version: 1,
    });
    expect(res.body.contacts).toEqual([
      expect.objectContaining({ name: '马经理', mobile: '+8613900139000', primary: false }),
      expect.objectContaining({ name: '刘工', phone: '+861012345678', primary: true }),
    ]);
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: rep,
      params: { id: res.body.id },
    });
    expect(overview.body.contacts).toHaveLength(2);
    expect(overview.body.history).toEqual([
      expect.objectContaining({
        action: 'create',
        toUserId: rep.userId,
        actorId: rep.userId,
        fromUserId: null,
      }),
    ]);
  });

  it('makes the only contact primary when none is marked', async () => {
    const t = await newTenant();

    const res = await post(t.admin, { name: '单联系人公司', contacts: [{ name: '甲' }] });

    expect(res.body.contacts[0].primary).toBe(true);
  });

  it.each([
    ['an invalid phone', { phone: '123' }, 'body.phone', 'invalid_phone'],
    [
      'an invalid contact mobile',
      { contacts: [{ name: '甲', mobile: '12345' }] },
      'body.contacts.0.mobile',
      'invalid_phone',
    ],
    [
      'two primary contacts',
      {
        contacts: [
          { name: '甲', primary: true },
          { name: '乙', primary: true },
        ],
      },
      'body.contacts',
      'one_primary',
    ],
    [
      'an unknown dictionary id',
      { levelId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      'body.levelId',
      'unknown_dictionary_item',
    ],
    ['a malformed dictionary id', { regionId: 'beijing' }, 'body.regionId', 'invalid_format'],
    ['more than 20 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'body.tags', 'too_big'],
    ['an unknown field', { vip: true }, 'body', 'unknown_field'],
    [
      'an unknown custom field',
      { customFields: { colour: 'red' } },
      'body.customFields.colour',
      'unknown_field',
    ],
    ['punctuation for a name', { name: '（）——' }, 'body.name', 'invalid_name'],
  ])(
    'rejects %s with 400 problem+json naming the field, and writes nothing',
    async (_, patch, path, code) => {
      const t = await newTenant();

      const res = await post(t.admin, { name: '坏数据公司', ...patch });

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]));
      expect(await listAll(t.admin, { view: 'mine' })).toEqual([]);
      expect(await listAll(t.admin, { view: 'company' })).toEqual([]);
    },
  );

  it('refuses a missing name with 400 at body.name', async () => {
    const t = await newTenant();

    const res = await post(t.admin, { phone: '13800138000' });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.name');
  });

  it('refuses private customers when the setting is off (422), and allows them when on', async () => {
    const t = await newTenant();
    await setSettings(t.tenantId, { privateCustomersEnabled: false });

    const refused = await post(t.admin, { name: '私密公司', private: true });
    await setSettings(t.tenantId, { privateCustomersEnabled: true });
    const allowed = await post(t.admin, { name: '私密公司', private: true });

    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('private_customers_disabled');
    expect(allowed.status).toBe(201);
    expect(allowed.body.private).toBe(true);
  });

  it('answers 401 without a token', async () => {
    const res = await post(null, { name: '匿名公司' });

    expect(res.status).toBe(401);
  });

  it('replays the first response for a retry with the same Idempotency-Key and creates one customer', async () => {
    const t = await newTenant();
    const headers = { 'idempotency-key': 'create-once-1' };

    const first = await post(t.admin, { name: '幂等科技' }, headers);
    const retry = await post(t.admin, { name: '幂等科技' }, headers);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(ids(await listAll(t.admin, { view: 'mine' }))).toEqual([first.body.id]);
  });
});

describe('duplicate names', () => {
  it('answers 409 duplicate_name naming the existing owner when the normalised names match', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const peer = await t.addUser('李四', t.roles.rep);
    const first = await post(rep, { name: '深圳市腾讯计算机系统有限公司' });

    const second = await post(peer, { name: ' 深圳市腾讯计算机系统（有限公司）' });

    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'duplicate_name',
      existing: { customerId: first.body.id, ownerName: '张三' },
    });
    expect(await listAll(peer, { view: 'mine' })).toEqual([]);
  });

  it('names the existing customer for a very long name too', async () => {
    const t = await newTenant();
    const long = `${'长名称'.repeat(30)}有限公司`;
    const first = await post(t.admin, { name: long });

    const second = await post(t.admin, { name: `${long} ` });

    expect(second.status).toBe(409);
    expect(second.body.existing).toEqual({ customerId: first.body.id, ownerName: '管理员' });
  });

  it('allows the same name when the tenant allows duplicates', async () => {
    const t = await newTenant();
    await setSettings(t.tenantId, { allowDuplicateNames: true });

    const a = await post(t.admin, { name: '重名公司' });
    const b = await post(t.admin, { name: '重名有限公司' });

    expect([a.status, b.status]).toEqual([201, 201]);
  });

  it('lets exactly one of 8 concurrent creates of the same normalised name win', async () => {
    const t = await newTenant();
    const reps = await Promise.all(Array.from({ length: 8 }, (_, i) => t.addUser(`销售${i}`, t.roles.rep)));
    const spellings = ['并发科技有限公司', '并发科技', '并发科技股份有限公司', '并发 科技（公司）'];

    const results = await Promise.all(
      reps.map((rep, i) => post(rep, { name: spellings[i % spellings.length] })),
    );

    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'duplicate_name')).toBe(true);
    expect(await listAll(t.admin, { view: 'company' })).toHaveLength(1);
  });
});

describe('quota (maxCustomersPerRep)', () => {
  it('answers 409 quota_exceeded beyond the limit', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    await setSettings(t.tenantId, { maxCustomersPerRep: 1 });
    await post(rep, { name: '配额一号' });

    const res = await post(rep, { name: '配额二号' });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'quota_exceeded', max: 1 });
  });

  it('lets exactly max of 8 concurrent creates by one rep succeed', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    await setSettings(t.tenantId, { maxCustomersPerRep: 3 });

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(rep, { name: `并发配额${i}号` })),
    );

    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'quota_exceeded')).toBe(true);
    expect(await listAll(rep, { view: 'mine' })).toHaveLength(3);
  });
});
