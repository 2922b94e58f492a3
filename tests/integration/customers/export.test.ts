import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { handler as exportCustomers } from '#functions/customers/export-customers.ts';
import { handler as importCustomers } from '#functions/customers/import-customers.ts';
import { exportCustomers as exportService } from '#lib/customers/export.ts';
import { ExportQuery, XLSX_CONTENT_TYPE } from '#lib/customers/schemas.ts';
import type { Auth } from '#lib/http/auth.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { AUTH_READS, type Caller, invoke, itemsRead } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, listAll, world } from './world.ts';

const download = (as: Caller, query: Record<string, string> = {}) =>
  invoke('GET /v1/customers/export', exportCustomers, { as, query });

/** The CSV's rows as objects keyed by its (Chinese) headers. */
function table(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  const names = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

const levelId = async (tenantId: string, label: string) =>
  (await listDictionary(tenantId, 'level')).find((i) => i.label === label)?.id as string;

describe('GET /v1/customers/export', () => {
  it('answers a UTF-8 CSV with a BOM, Chinese headers and dictionary labels instead of ids', async () => {
    const w = await world();
    const a = await levelId(w.tenantId, 'A（重点客户）');
    await create(w.owner, {
      name: '导出科技有限公司',
      phone: '13800138000',
      levelId: a,
      tags: ['重点', '华东'],
    });

    const res = await download(w.owner, { view: 'mine' });

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="customers-mine-\d{8}\.csv"$/);
    expect(res.headers['x-export-rows']).toBe('1');
    expect(res.headers['x-export-truncated']).toBeUndefined();
    expect(
      res.text.startsWith('\uFEFF客户名称,电话,邮箱,网址,地址,地区,行业,分类,来源,级别,状态,成熟度'),
    ).toBe(true);
    expect(table(res.text)).toEqual([
      expect.objectContaining({
        客户名称: '导出科技有限公司',
        电话: '+8613800138000',
        级别: 'A（重点客户）',
        标签: '重点，华东',
        负责人: '张三',
        热点客户: '否',
      }),
    ]);
  });

  it('prints tree items as their path and reads only the dictionary items the rows name', async () => {
    const t = await newTenant();
    const rep = await t.addUser('导出销售', t.roles.rep);
    const suzhou = (await listDictionary(t.tenantId, 'region')).find((i) => i.label === '苏州市')?.id;
    const a = await levelId(t.tenantId, 'A（重点客户）');
    await create(rep, { name: '苏州导出科技', regionId: suzhou, levelId: a });

    const res = await download(rep, { view: 'mine' });

    expect(table(res.text)).toEqual([
      expect.objectContaining({ 地区: '江苏省/苏州市', 级别: 'A（重点客户）' }),
    ]);
    // The caller (user, role), the page (one customer), 苏州市, its parent 江苏省 and the level.
    expect(itemsRead(res)).toBe(AUTH_READS + 1 + 3);
  });

  it("keeps to the caller's data scope: a rep's export never holds a peer's customer", async () => {
    const w = await world();
    const own = await create(w.owner, { name: '自己的客户' });
    const peers = await create(w.peer, { name: '同事的客户' });
    const theirs = await create(w.outsider, { name: '别家公司的客户' });

    const rep = await download(w.owner, { view: 'mine' });
    const shared = await download(w.owner, { view: 'shared' });
    const manager = await download(w.manager, { view: 'subordinates' });
    const company = await download(w.owner, { view: 'company' });

    expect(rep.text).toContain(own.id);
    for (const res of [rep, shared]) {
      expect(res.text).not.toContain(peers.id);
      expect(res.text).not.toContain(theirs.id);
    }
    expect(
      table(manager.text)
        .map((r) => r.客户编号)
        .sort(),
    ).toEqual([own.id, peers.id].sort());
    expect(company.status).toBe(403);
  });

  it('applies the filters of the list', async () => {
    const w = await world();
    const a = await levelId(w.tenantId, 'A（重点客户）');
    const keep = await create(w.owner, { name: '一级客户', levelId: a });
    await create(w.owner, { name: '无级别客户' });

    const res = await download(w.owner, { view: 'mine', levelId: a });

    expect(table(res.text).map((r) => r.客户编号)).toEqual([keep.id]);
  });

  it('answers an XLSX workbook (base64 over API Gateway) when asked for format=xlsx', async () => {
    const w = await world();
    await create(w.owner, { name: '表格客户' });

    const res = await download(w.owner, { view: 'mine', format: 'xlsx' });

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(res.text, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('客户名称');
    expect(sheet?.getRow(2).getCell(1).value).toBe('表格客户');
    expect(sheet?.rowCount).toBe(2);
    // What a user sees: a bold header that stays in view, columns as wide as their Chinese text.
    expect(sheet?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.getColumn(1).width).toBe(10);
  });

  it('reads at most the bound and says the file was cut', async () => {
    const w = await world();
    for (const name of ['一号', '二号', '三号']) await create(w.owner, { name: `截断${name}` });
    const auth: Auth = {
      tenantId: w.tenantId,
      userId: w.owner.userId,
      userName: w.owner.name,
      roleId: w.roles.rep.id,
      rolePath: w.roles.rep.path,
      permissions: new Set(),
      isAdmin: false,
    };

    const cut = await exportService(auth, ExportQuery.parse({ view: 'mine' }), { maxRows: 2 });
    const whole = await exportService(auth, ExportQuery.parse({ view: 'mine' }), { maxRows: 3 });

    expect(cut).toMatchObject({ rows: 2, truncated: true });
    expect(table(cut.body as string)).toHaveLength(2);
    expect(whole).toMatchObject({ rows: 3, truncated: false });
  });

  it('exports a file that imports again as it is (in another company, by labels)', async () => {
    const w = await world();
    const a = await levelId(w.tenantId, 'A（重点客户）');
    await create(w.owner, { name: '往返科技', phone: '13800138000', levelId: a, tags: ['重点'] });
    const other = await newTenant();

    const exported = await download(w.owner, { view: 'mine' });
    const imported = await invoke('POST /v1/customers/import', importCustomers, {
      as: other.admin,
      rawBody: Buffer.from(exported.text, 'utf8'),
      headers: { 'content-type': 'text/csv' },
    });

    expect(imported.body).toMatchObject({ created: 1, rejected: 0 });
    const [copy] = await listAll(other.admin, { view: 'mine' });
    expect(copy).toMatchObject({
      name: '往返科技',
      phone: '+8613800138000',
      tags: ['重点'],
      levelId: await levelId(other.tenantId, 'A（重点客户）'),
    });
  });

  it.each([
    [{ view: 'everything' }, 'query.view'],
    [{ view: 'mine', limit: '5' }, 'query'],
    [{ view: 'mine', format: 'pdf' }, 'query.format'],
  ])('answers 400 for a bad query %o', async (query, path) => {
    const w = await world();

    const res = await download(w.owner, query);

    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(path);
  });

  it('answers 401 without a token', async () => {
    const res = await invoke('GET /v1/customers/export', exportCustomers, { as: null });

    expect(res.status).toBe(401);
  });
});
