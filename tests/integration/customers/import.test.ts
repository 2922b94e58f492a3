import ExcelJS from 'exceljs';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as importCustomers } from '#functions/customers/import-customers.ts';
import { setClock } from '#lib/clock.ts';
import { importCustomers as importService } from '#lib/customers/import.ts';
import { progressStep, readLeases, reserve } from '#lib/customers/import-lease.ts';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { commit, newCustomerItems } from '#lib/customers/repository.ts';
import { newCustomer } from '#lib/customers/rules.ts';
import { XLSX_CONTENT_TYPE } from '#lib/customers/schemas.ts';
import { batchPut } from '#lib/db/batch.ts';
import type { Auth } from '#lib/http/auth.ts';
import { ALL_PERMISSIONS } from '#lib/org/permissions.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import * as settingsService from '#lib/settings/service.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { listAll, ownedCount, setSettings } from './world.ts';

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

const upload = (
  as: Caller,
  file: Buffer,
  opts: { into?: 'mine' | 'pool'; type?: string; headers?: Record<string, string> } = {},
) =>
  invoke('POST /v1/customers/import', importCustomers, {
    as,
    rawBody: file,
    query: opts.into ? { into: opts.into } : {},
    headers: { 'content-type': opts.type ?? 'text/csv', ...opts.headers },
  });

async function company() {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const peer = await t.addUser('李四', t.roles.rep);
  return { t, rep, peer };
}

const labelOf = async (tenantId: string, kind: 'level' | 'region' | 'source', label: string) => {
  const items = await listDictionary(tenantId, kind);
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no ${kind} ${label}`);
  return item.id;
};

const overview = (as: Caller, id: string) =>
  invoke('GET /v1/customers/{id}/overview', getOverview, { as, params: { id } });

describe('POST /v1/customers/import (CSV)', () => {
  it('creates one customer per row from Chinese headers, with labels resolved, tags split and a contact', async () => {
    const { t, rep } = await company();

    const res = await upload(
      rep,
      csv(
        '客户名称,电话,级别,地区,来源,标签,联系人,联系人手机,职位,生日',
        '杭州云栖科技有限公司,0571-88886666,A,浙江省/杭州市,客户介绍,重点，华东;展会,王经理,13900139000,采购总监,1985/3/7',
        '深圳前海贸易有限公司,13800138000,B（重要客户）,深圳市,,,,,,',
      ),
    );

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: 2,
      created: 2,
      rejected: 0,
      rejectedCsv: null,
      rejectedCsvTruncated: false,
    });
    expect(res.body.rows).toEqual([
      { row: 2, status: 'created', customerId: expect.any(String) },
      { row: 3, status: 'created', customerId: expect.any(String) },
    ]);
    const first = await overview(rep, res.body.rows[0].customerId);
    expect(first.body.customer).toMatchObject({
      name: '杭州云栖科技有限公司',
      phone: '+8657188886666',
      ownerId: rep.userId,
      state: 'active',
      levelId: await labelOf(t.tenantId, 'level', 'A（重点客户）'),
      regionId: await labelOf(t.tenantId, 'region', '杭州市'),
      sourceId: await labelOf(t.tenantId, 'source', '客户介绍'),
      tags: ['重点', '华东', '展会'],
      birthday: '1985-03-07',
    });
    expect(first.body.contacts).toEqual([
      expect.objectContaining({ name: '王经理', mobile: '+8613900139000', title: '采购总监', primary: true }),
    ]);
    expect(first.body.history).toEqual([
      expect.objectContaining({ action: 'import', toUserId: rep.userId, actorId: rep.userId }),
    ]);
    const second = await overview(rep, res.body.rows[1].customerId);
    expect(second.body.customer.levelId).toBe(await labelOf(t.tenantId, 'level', 'B（重要客户）'));
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(2);
  });

  it('reads English headers, a custom field by its label and semicolon-separated cells', async () => {
    const { t, rep } = await company();
    await settingsService.createCustomField(t.auth, {
      entity: 'customer',
      key: 'budget',
      label: '预算',
      type: 'number',
      required: false,
    });

    const res = await upload(
      rep,
      csv('Name;Phone;E-mail;Level;预算', '北京远景;13700137000;info@yj.cn;C;"12,000"'),
    );

    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
    const c = await overview(rep, res.body.rows[0].customerId);
    expect(c.body.customer).toMatchObject({
      name: '北京远景',
      email: 'info@yj.cn',
      customFields: { budget: 12000 },
      levelId: await labelOf(t.tenantId, 'level', 'C（普通客户）'),
    });
  });

  it('reports invalid rows with their row number, field and reason, and creates the valid ones', async () => {
    const { rep } = await company();

    const res = await upload(
      rep,
      csv(
        '客户名称,电话,邮箱,级别',
        '好公司,13800138000,,',
        ',13800138001,,',
        '坏电话公司,12345,,',
        '坏邮箱公司,,not-an-email,不存在的级别',
      ),
    );

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, created: 1, rejected: 3 });
    expect(res.body.rows).toEqual([
      { row: 2, status: 'created', customerId: expect.any(String) },
      { row: 3, status: 'rejected', errors: [expect.objectContaining({ field: 'name', code: 'required' })] },
      {
        row: 4,
        status: 'rejected',
        errors: [expect.objectContaining({ field: 'phone', code: 'invalid_phone' })],
      },
      {
        row: 5,
        status: 'rejected',
        errors: expect.arrayContaining([
          expect.objectContaining({ field: 'levelId', code: 'unknown_dictionary_item' }),
          expect.objectContaining({ field: 'email', code: 'invalid_format' }),
        ]),
      },
    ]);
    const lines = (res.body.rejectedCsv as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('客户名称,电话,邮箱,级别,错误原因');
    expect(lines[1]).toBe(',13800138001,,,客户名称：必填');
    expect(lines[2]).toBe('坏电话公司,12345,,,电话：电话号码无效');
    expect(lines[3]).toContain('级别：找不到该选项');
    expect(await listAll(rep, { view: 'mine' })).toHaveLength(1);
  });

  it('rejects a name repeated within the file, naming the first row', async () => {
    const { rep } = await company();

    const res = await upload(
      rep,
      csv('客户名称', '华为技术有限公司', '华为技术', 'ＨＵＡＷＥＩ Co., Ltd.', 'Huawei'),
    );

    expect(res.body.rows.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'rejected',
      'created',
      'rejected',
    ]);
    expect(res.body.rows[1].errors).toEqual([
      { field: 'name', code: 'duplicate_in_file', message: 'The same customer as row 2' },
    ]);
    expect(res.body.rows[3].errors[0]).toMatchObject({
      code: 'duplicate_in_file',
      message: 'The same customer as row 4',
    });
  });

  it("rejects names the tenant holds already (another rep's customer), naming its owner", async () => {
    const { rep, peer } = await company();
    await invoke('POST /v1/customers', createCustomer, { as: peer, body: { name: '小米科技有限责任公司' } });

    const res = await upload(rep, csv('客户名称', '小米科技', '新公司'));

    expect(res.body.rows[0]).toEqual({
      row: 2,
      status: 'rejected',
      errors: [
        {
          field: 'name',
          code: 'duplicate_name',
          message: 'A customer with this name exists already (owner: 李四).',
        },
      ],
    });
    expect(res.body.rows[1].status).toBe('created');
    expect(res.body.rejectedCsv).toContain('小米科技,客户名称：客户已存在（负责人：李四）');
  });

  it('takes duplicate names when the tenant allows them (still not twice within the file)', async () => {
    const { t, rep, peer } = await company();
    await setSettings(t.tenantId, { allowDuplicateNames: true });
    await invoke('POST /v1/customers', createCustomer, { as: peer, body: { name: '小米科技' } });

    const res = await upload(rep, csv('客户名称', '小米科技', '小米科技'));

    expect(res.body.rows.map((r: { status: string }) => r.status)).toEqual(['created', 'rejected']);
  });

  it('creates rows up to the quota and rejects the rest with quota_exceeded', async () => {
    const { t, rep } = await company();
    await setSettings(t.tenantId, { maxCustomersPerRep: 3 });
    await invoke('POST /v1/customers', createCustomer, { as: rep, body: { name: '已有客户' } });

    const res = await upload(rep, csv('客户名称', '一号', '二号', '三号', '四号'));

    expect(res.body.rows.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'created',
      'rejected',
      'rejected',
    ]);
    expect(res.body.rows[2].errors).toEqual([
      expect.objectContaining({ field: 'row', code: 'quota_exceeded' }),
    ]);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(3);
  });

  it('never lets an import and concurrent creates exceed the quota or take one name twice', async () => {
    const { t, rep } = await company();
    await setSettings(t.tenantId, { maxCustomersPerRep: 6 });
    const names = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'].map((n) => `并发${n}公司`);

    const [imported, ...singles] = await Promise.all([
      upload(rep, csv('客户名称', ...names)),
      ...names
        .slice(0, 4)
        .map((name) => invoke('POST /v1/customers', createCustomer, { as: rep, body: { name } })),
    ]);

    const mine = await listAll(rep, { view: 'mine' });
    const rows = imported?.body.rows as Array<{ status: string; errors?: Array<{ code: string }> }>;
    const createdByImport = rows.filter((r) => r.status === 'created');
    const createdSingly = singles.filter((s) => s.status === 201);
    // Within the quota and one customer per name, whoever got there first; nothing lost or counted twice.
    expect(mine.length).toBeLessThanOrEqual(6);
    expect(createdByImport.length + createdSingly.length).toBe(mine.length);
    expect(new Set(mine.map((c) => c.name)).size).toBe(mine.length);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(mine.length);
    for (const r of rows.filter((r) => r.status === 'rejected'))
      expect(['duplicate_name', 'quota_exceeded']).toContain(r.errors?.[0]?.code);
    for (const s of singles.filter((s) => s.status !== 201))
      expect([s.status, s.body.code]).toEqual([
        409,
        expect.stringMatching(/^(duplicate_name|quota_exceeded)$/),
      ]);
  });

  it('answers 400 for more than 5,000 rows and writes nothing', async () => {
    const { t, rep } = await company();
    const rows = Array.from({ length: 5_001 }, (_, i) => `客户${i}`);

    const res = await upload(rep, csv('客户名称', ...rows));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'too_many_rows',
      errors: [expect.objectContaining({ path: 'body' })],
    });
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(0);
  });

  it.each([
    [
      'an unknown column',
      csv('客户名称,幸运数字', '甲公司,7'),
      'invalid_columns',
      'body.columns.1',
      'unknown_column',
    ],
    ['no name column', csv('电话', '13800138000'), 'invalid_columns', 'body.columns', 'missing_column'],
    [
      'two columns for one field',
      csv('客户名称,名称', '甲,乙'),
      'invalid_columns',
      'body.columns.1',
      'duplicate_column',
    ],
    ['a header without rows', csv('客户名称'), 'empty_file', 'body', 'empty_file'],
    ['an empty body', Buffer.alloc(0), 'missing_file', 'body', 'missing_file'],
  ])('answers 400 for %s and writes nothing', async (_what, file, code, path, fieldCode) => {
    const { t, rep } = await company();

    const res = await upload(rep, file);

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code, errors: [expect.objectContaining({ path, code: fieldCode })] });
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(0);
  });

  it('answers 400 for an unreadable XLSX file and for a body that is not a sheet', async () => {
    const { rep } = await company();

    const broken = await upload(rep, Buffer.from('not a zip'), { type: XLSX_CONTENT_TYPE });
    const json = await invoke('POST /v1/customers/import', importCustomers, { as: rep, body: { name: 'x' } });
    const badInto = await upload(rep, csv('客户名称', '甲'), { into: 'everyone' as 'mine' });

    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('unreadable_file');
    expect(json.status).toBe(400);
    expect(badInto.status).toBe(400);
    expect(badInto.body.errors[0].path).toBe('query.into');
  });
});

describe('POST /v1/customers/import (XLSX)', () => {
  it('reads the first worksheet: typed cells (numbers, dates, rich text) and the sheet row numbers', async () => {
    const { t, rep } = await company();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['Customer Name', 'Phone', 'Birthday', 'Region', 'Contact', 'Contact Mobile']);
    sheet.addRow([
      { richText: [{ text: '上海' }, { text: '浦江科技' }] },
      13800138000,
      new Date(Date.UTC(1990, 4, 20)),
      '上海市',
      '李工',
      13900139000,
    ]);
    sheet.addRow([]);
    sheet.addRow(['坏号码公司', 123456, null, null, null, null]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const res = await upload(rep, file, { type: XLSX_CONTENT_TYPE });

    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { row: 2, status: 'created', customerId: expect.any(String) },
      {
        row: 4,
        status: 'rejected',
        errors: [expect.objectContaining({ field: 'phone', code: 'invalid_phone' })],
      },
    ]);
    const c = await overview(rep, res.body.rows[0].customerId);
    expect(c.body.customer).toMatchObject({
      name: '上海浦江科技',
      phone: '+8613800138000',
      birthday: '1990-05-20',
      regionId: await labelOf(t.tenantId, 'region', '上海市'),
    });
    expect(c.body.contacts[0]).toMatchObject({ name: '李工', mobile: '+8613900139000' });
  });
});

describe('POST /v1/customers/import retries', () => {
  it('replays the first report for a retry with the same Idempotency-Key and creates nothing more', async () => {
    const { t, rep } = await company();
    const file = csv('客户名称', '重试一号', '重试二号', '');
    const headers = { 'idempotency-key': 'import-retry-1' };

    const first = await upload(rep, file, { headers });
    const retry = await upload(rep, file, { headers });

    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(2);
    expect(await listAll(rep, { view: 'mine' })).toHaveLength(2);
  });

  it('finds what an earlier run of the same request wrote (a run cut short), instead of writing it again', async () => {
    const { t, rep } = await company();
    const auth: Auth = {
      tenantId: t.tenantId,
      userId: rep.userId,
      userName: rep.name,
      roleId: t.roles.rep.id,
      rolePath: t.roles.rep.path,
      permissions: new Set(),
      isAdmin: false,
    };
    const input = {
      into: 'mine' as const,
      bytes: csv('客户名称', '中断一号', '中断二号'),
      contentType: 'text/csv',
      idempotencyKey: 'cut-short-1',
    };

    const first = await importService(auth, input);
    const again = await importService(auth, input);

    expect(again.rows).toEqual(first.rows);
    expect(again.created).toBe(2);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(2);
    expect(await listAll(rep, { view: 'mine' })).toHaveLength(2);
  });
});

describe('POST /v1/customers/import: the quota reserved up front', () => {
  afterEach(() => setClock(undefined));

  const names = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${i}号${ulid().slice(-6)}商贸有限公司`);

  it('writes many groups at once, rejects the rows beyond the quota and leaves the counter exact', async () => {
    const { t, rep } = await company();
    await setSettings(t.tenantId, { maxCustomersPerRep: 300 });
    await invoke('POST /v1/customers', createCustomer, { as: rep, body: { name: '已有的客户' } });

    const res = await upload(rep, csv('客户名称', ...names('并行', 320)));

    const statuses = res.body.rows.map((r: { status: string }) => r.status);
    expect(statuses.slice(0, 299).every((s: string) => s === 'created')).toBe(true);
    expect(res.body.rows.slice(299).map((r: any) => r.errors[0].code)).toEqual(
      Array(21).fill('quota_exceeded'),
    );
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(300);
    expect(await listAll(rep, { view: 'mine' })).toHaveLength(300);
    expect(await readLeases(t.tenantId, rep.userId)).toEqual([]);
  });

  it('lets two imports of one rep at once share the quota: together exactly up to it, counted once', async () => {
    const { t, rep } = await company();
    await setSettings(t.tenantId, { maxCustomersPerRep: 30 });

    const [a, b] = await Promise.all([
      upload(rep, csv('客户名称', ...names('甲批', 20))),
      upload(rep, csv('客户名称', ...names('乙批', 20))),
    ]);

    expect((a?.body.created ?? 0) + (b?.body.created ?? 0)).toBe(30);
    const refused = [...(a?.body.rows ?? []), ...(b?.body.rows ?? [])].filter(
      (r: any) => r.status === 'rejected',
    );
    expect(refused.map((r: any) => r.errors[0].code)).toEqual(Array(10).fill('quota_exceeded'));
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(30);
    expect(await listAll(rep, { view: 'mine' })).toHaveLength(30);
    expect(await readLeases(t.tenantId, rep.userId)).toEqual([]);
  });

  it('gives back what an import that died before settling reserved, once it is older than any run', async () => {
    const { t, rep } = await company();
    const T0 = Date.parse('2025-03-01T02:00:00.000Z');
    setClock(new Date(T0));
    // A run that reserved 5 rows, wrote 2 of them (its shard says so) and died.
    await reserve(t.tenantId, rep.userId, 'died-midway', 5, null, undefined);
    await commit([progressStep(t.tenantId, rep.userId, 'died-midway', 0, 2)]);
    await batchPut(
      names('中断', 2).flatMap((name) =>
        newCustomerItems(t.tenantId, owned(rep, t.roles.rep.path, name, T0)),
      ),
    );

    setClock(new Date(T0 + 5 * 60_000));
    const soon = await upload(rep, csv('客户名称', ...names('稍后', 1)));
    const whileAlive = await ownedCount(t.tenantId, rep.userId);
    setClock(new Date(T0 + 20 * 60_000));
    const later = await upload(rep, csv('客户名称', ...names('更晚', 1)));

    expect([soon.body.created, later.body.created]).toEqual([1, 1]);
    expect(whileAlive).toBe(5 + 1);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(2 + 2);
    expect(await listAll(rep, { view: 'mine' })).toHaveLength(4);
    expect(await readLeases(t.tenantId, rep.userId)).toEqual([]);
  });
});

/** A customer of `rep` as a run of an import writes it (arrange only). */
function owned(rep: Caller, rolePath: string, name: string, at: number) {
  return newCustomer({
    id: ulid(),
    name,
    phone: null,
    nameKey: normalizeName(name),
    searchTerms: searchTerms(name, null),
    owner: { id: rep.userId, name: '张三', rolePath },
    createdBy: rep.userId,
    at: new Date(at).toISOString(),
  });
}

describe('POST /v1/customers/import?into=pool', () => {
  it('needs pool.import', async () => {
    const { t, rep } = await company();

    const res = await upload(rep, csv('客户名称', '公海甲'), { into: 'pool' });

    expect(res.status).toBe(403);
    expect(await listAll(t.admin, { view: 'pool' })).toHaveLength(0);
  });

  it('imports pool customers of the default pool: no owner, no quota used', async () => {
    const { t, rep } = await company();
    expect(ALL_PERMISSIONS).toContain('pool.import');

    const res = await upload(t.admin, csv('客户名称,电话', '公海甲,13800138000', '公海乙,'), {
      into: 'pool',
    });

    expect(res.body.created).toBe(2);
    const pool = await listAll(rep, { view: 'pool' });
    expect(pool.map((c) => c.name).sort()).toEqual(['公海乙', '公海甲']);
    expect(pool[0]).toMatchObject({ state: 'pool', poolId: 'default', ownerId: null });
    expect(await ownedCount(t.tenantId, t.admin.userId)).toBe(0);
    const history = await overview(t.admin, res.body.rows[0].customerId);
    expect(history.body.history).toEqual([
      expect.objectContaining({ action: 'import', toUserId: null, poolId: 'default' }),
    ]);
  });
});
