import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Customer } from '#lib/customers/schemas.ts';
import {
  applyQuota,
  type CheckedRow,
  checkRow,
  csvSafe,
  derivedId,
  dictionaryIndex,
  exportHeader,
  exportRow,
  fitReport,
  headerKey,
  mapColumns,
  markInFileDuplicates,
  parseBoolean,
  parseDate,
  type RowContext,
  reasonText,
  resolveDictionary,
  splitList,
} from '#lib/customers/sheet-rules.ts';
import { cellText, decodeCsv, readCsv, readXlsx, writeCsv } from '#lib/customers/sheets.ts';
import { Id } from '#lib/schemas.ts';
import type { CustomFieldDefinition } from '#lib/settings/custom-fields.ts';
import type { DictionaryItem } from '#lib/settings/schemas.ts';

const id = (n: number) => `01J${String(n).padStart(23, '0')}`;
const item = (n: number, label: string, extra: Partial<DictionaryItem> = {}): DictionaryItem => ({
  id: id(n),
  kind: 'region',
  label,
  parentId: null,
  order: n,
  disabled: false,
  version: 1,
  ...extra,
});

const regions = dictionaryIndex([
  item(1, '广东省'),
  item(2, '深圳市', { parentId: id(1) }),
  item(3, '江苏省'),
  item(4, '新区', { parentId: id(1) }),
  item(5, '新区', { parentId: id(3) }),
  item(6, '停用地区', { disabled: true }),
]);
const levels = dictionaryIndex([item(11, 'A（重点客户）'), item(12, 'B（重要客户）'), item(13, '其他')]);
const empty = dictionaryIndex([]);
const budget: CustomFieldDefinition = {
  key: 'budget',
  label: '预算',
  type: 'number',
  options: null,
  required: false,
};

const context = (header: string[], customFields: CustomFieldDefinition[] = []): RowContext => ({
  columns: mapColumns(header, customFields).columns,
  dictionaries: {
    regionId: regions,
    industryId: empty,
    categoryId: empty,
    sourceId: empty,
    levelId: levels,
    statusId: empty,
    maturityId: empty,
  },
  customFields,
  privateCustomersEnabled: false,
});

describe('mapColumns', () => {
  it('maps Chinese and English headers, ignoring case, spaces, marks and remarks in brackets', () => {
    const { columns, errors } = mapColumns(
      ['客户名称*', 'Contact Mobile', 'E-mail', '级别（A-E）', '预算', '负责人', ''],
      [budget],
    );

    expect(errors).toEqual([]);
    expect(columns.map((c) => c.target)).toEqual([
      { kind: 'field', field: 'name' },
      { kind: 'field', field: 'contactMobile' },
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'levelId' },
      { kind: 'custom', key: 'budget' },
      { kind: 'ignored' },
    ]);
  });

  it('reports unknown and repeated columns and a missing name column, each with its position', () => {
    expect(mapColumns(['电话', '幸运数字', 'Phone'], []).errors).toEqual([
      expect.objectContaining({ path: 'body.columns.1', code: 'unknown_column' }),
      expect.objectContaining({ path: 'body.columns.2', code: 'duplicate_column' }),
      expect.objectContaining({ path: 'body.columns', code: 'missing_column' }),
    ]);
  });

  it('folds full-width headers', () => {
    expect(headerKey('ＮＡＭＥ')).toBe('name');
  });
});

describe('resolveDictionary', () => {
  it.each([
    ['a label', '深圳市', id(2)],
    ['a path', '广东省/深圳市', id(2)],
    ['a path with another separator', '广东省 > 新区', id(4)],
    ['a label without its remark', 'a', id(11)],
    ['an exact label before a bare one', '其他', id(13)],
    ['an id', id(3), id(3)],
  ])('finds an item by %s', (_what, text, expected) => {
    const index = text === 'a' || text === '其他' ? levels : regions;
    expect(resolveDictionary(text, index)).toEqual({ id: expected });
  });

  it.each([
    ['新区', 'ambiguous_dictionary_item'],
    ['火星', 'unknown_dictionary_item'],
    ['停用地区', 'disabled_dictionary_item'],
  ])('refuses %s with %s', (text, code) => {
    expect(resolveDictionary(text, regions)).toEqual({ error: expect.objectContaining({ code }) });
  });
});

describe('cell readers', () => {
  it.each([
    ['2024-5-1', '2024-05-01'],
    ['2024/05/01', '2024-05-01'],
    ['2024.5.1', '2024-05-01'],
    ['2024年5月1日', '2024-05-01'],
    ['2024-05-01 00:00:00', '2024-05-01'],
    ['五月一日', '五月一日'],
  ])('reads the date %s', (text, date) => {
    expect(parseDate(text)).toBe(date);
  });

  it('reads yes and no in Chinese and English, and nothing else', () => {
    expect(['是', 'Y', 'true', '否', 'No', '0'].map(parseBoolean)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(parseBoolean('也许')).toBeUndefined();
  });

  it('splits lists on Chinese and English separators', () => {
    expect(splitList('重点，华东; 展会|老客户、 ')).toEqual(['重点', '华东', '展会', '老客户']);
  });
});

describe('checkRow', () => {
  it('turns a row into the create body, with ids, E.164 phones and typed custom fields', () => {
    const ctx = context(['客户名称', '电话', '地区', '级别', '预算', '联系人', '联系人手机'], [budget]);

    const r = checkRow(
      2,
      ['深圳腾讯 有限公司', '0755-86013388', '深圳市', 'B', '1,200', '马化腾', '13800138000'],
      ctx,
    );

    expect(r.errors).toEqual([]);
    expect(r.nameKey).toBe('深圳腾讯');
    expect(r.checked).toMatchObject({
      input: { name: '深圳腾讯 有限公司', regionId: id(2), levelId: id(12), contacts: [{ name: '马化腾' }] },
      phone: '+8675586013388',
      contactPhones: [{ mobile: '+8613800138000', phone: null }],
      customFields: { budget: 1200 },
    });
  });

  it('reports every problem of a row with the field it concerns', () => {
    const ctx = context(['客户名称', '电话', '邮箱', '级别', '私有', '联系人手机', '预算'], [budget]);

    const r = checkRow(7, ['', '123', 'nope', '火星级', '是', '13800138000', '很多'], ctx);

    expect(r.checked).toBeUndefined();
    expect(r.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual(
      [
        'name:required',
        'levelId:unknown_dictionary_item',
        'private:private_customers_disabled',
        'contactName:required',
        'email:invalid_format',
        'customFields.budget:invalid_type',
      ].sort(),
    );
  });

  it('reports an invalid phone once the rest of the row is valid', () => {
    const r = checkRow(3, ['好公司', '12345'], context(['客户名称', '电话']));

    expect(r.errors).toEqual([
      { field: 'phone', code: 'invalid_phone', message: 'Not a valid phone number' },
    ]);
  });
});

const rowOf = (n: number, nameKey: string, valid = true): CheckedRow => ({
  row: n,
  cells: [nameKey],
  nameKey,
  errors: valid ? [] : [{ field: 'phone', code: 'invalid_phone', message: 'x' }],
  ...(valid ? { checked: {} as CheckedRow['checked'] } : {}),
});

describe('markInFileDuplicates and applyQuota', () => {
  it('rejects later rows with a name seen before, even when the first row is invalid', () => {
    const rows = [rowOf(2, 'a', false), rowOf(3, 'b'), rowOf(4, 'a'), rowOf(5, 'b')];

    markInFileDuplicates(rows);

    expect(rows.map((r) => Boolean(r.checked))).toEqual([false, true, false, false]);
    expect(rows[2]?.errors).toEqual([
      { field: 'name', code: 'duplicate_in_file', message: 'The same customer as row 2' },
    ]);
  });

  it('keeps the first valid rows within the quota left and rejects the rest', () => {
    const rows = [rowOf(2, 'a'), rowOf(3, 'b', false), rowOf(4, 'c'), rowOf(5, 'd')];

    applyQuota(rows, 2, 10);

    expect(rows.map((r) => Boolean(r.checked))).toEqual([true, false, true, false]);
    expect(rows[3]?.errors[0]?.code).toBe('quota_exceeded');
  });
});

describe('reasonText', () => {
  it('names the column and the reason in Chinese', () => {
    const text = reasonText(
      [
        { field: 'phone', code: 'invalid_phone', message: '' },
        {
          field: 'name',
          code: 'duplicate_name',
          message: 'A customer with this name exists already (owner: 李四).',
        },
        { field: 'name', code: 'duplicate_in_file', message: 'The same customer as row 3' },
      ],
      (field) => ({ phone: '联系电话', name: '客户名称' })[field],
    );

    expect(text).toBe(
      '联系电话：电话号码无效；客户名称：客户已存在（负责人：李四）；客户名称：与文件中第 3 行重复',
    );
  });
});

describe('fitReport', () => {
  const base = {
    total: 200,
    created: 0,
    rejected: 200,
    rows: Array.from({ length: 200 }, (_, i) => ({ row: i + 2, status: 'rejected' as const })),
  };
  const csvOf = (n: number) =>
    writeCsv(
      ['客户名称'],
      // Rows that do not compress away, the same on every call.
      Array.from({ length: n }, (_, i) => [createHash('sha256').update(String(i)).digest('base64')]),
    );

  it('keeps every rejected row when the report fits', () => {
    const report = fitReport(base, csvOf, 1_000_000);

    expect(report.rejectedCsvTruncated).toBe(false);
    expect(report.rejectedCsv?.trim().split('\r\n')).toHaveLength(201);
  });

  it('keeps as many rejected rows as fit the budget and says so', () => {
    const budget = gzipSync(JSON.stringify({ ...fitReport(base, () => null, 1e9) })).length + 1_500;

    const report = fitReport(base, csvOf, budget);

    expect(report.rejectedCsvTruncated).toBe(true);
    const lines = report.rejectedCsv?.trim().split('\r\n') ?? [];
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.length).toBeLessThan(201);
    expect(gzipSync(JSON.stringify(report)).length).toBeLessThanOrEqual(budget);
  });
});

describe('derivedId', () => {
  it('is a stable id of the same shape as the API issues, different per row and seed', () => {
    const a = derivedId('seed', 2);

    expect(Id.safeParse(a).success).toBe(true);
    expect(derivedId('seed', 2)).toBe(a);
    expect(derivedId('seed', 3)).not.toBe(a);
    expect(derivedId('other', 2)).not.toBe(a);
  });
});

describe('sheets', () => {
  it('reads GB18030 CSV (Excel on Chinese Windows) and UTF-8 with a BOM alike', () => {
    const gb = Buffer.from('bfcdbba7c3fbb3c62cb5e7bbb00d0abbaaceaa2c31333830303133383030300d0a', 'hex');
    const utf8 = Buffer.from('\uFEFF客户名称,电话\r\n华为,13800138000\r\n', 'utf8');

    expect(decodeCsv(gb)).toBe('客户名称,电话\r\n华为,13800138000\r\n');
    expect(readCsv(gb)).toEqual(readCsv(utf8));
  });

  it('numbers rows as a spreadsheet does, keeping quoted line breaks in their cell and skipping blank rows', () => {
    const sheet = readCsv(Buffer.from('名称,备注\n甲,"两\n行"\n,\n乙,\n'));

    expect(sheet.header).toEqual(['名称', '备注']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['甲', '两\n行'] },
      { row: 4, cells: ['乙', ''] },
    ]);
  });

  it('shows XLSX cells as text: dates, whole numbers, formulas and links, from the first sheet', async () => {
    expect(cellText(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31');
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('true');
    expect(cellText(null)).toBe('');
    const workbook = new ExcelJS.Workbook();
    workbook
      .addWorksheet('s')
      .addRows([
        ['名称', '结果', '官网', '未算', '生日'],
        [],
        [
          '甲',
          { formula: 'A1', result: 7 },
          { text: '官网', hyperlink: 'https://a.cn' },
          { formula: 'A1' },
          new Date(Date.UTC(1990, 4, 20)),
        ],
      ]);
    workbook.addWorksheet('second').addRow(['not read']);
    const sheet = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(sheet.header).toEqual(['名称', '结果', '官网', '未算', '生日']);
    expect(sheet.rows).toEqual([{ row: 3, cells: ['甲', '7', '官网', '', '1990-05-20'] }]);
  });
});

describe('export rows', () => {
  const customer: Customer = {
    id: id(99),
    name: '=HYPERLINK("x")',
    phone: '+8613800138000',
    email: null,
    website: null,
    address: null,
    regionId: id(2),
    industryId: null,
    categoryId: null,
    sourceId: null,
    levelId: id(404),
    statusId: null,
    maturityId: null,
    birthday: null,
    note: null,
    tags: ['重点', '华东'],
    customFields: { budget: 1200, vip: true },
    private: false,
    hot: true,
    state: 'active',
    ownerId: id(7),
    ownerName: '张三',
    poolId: null,
    sharedWith: [],
    reclaimAt: null,
    lastFollowUpAt: null,
    nextFollowUpAt: null,
    nextFollowUpNote: null,
    locked: false,
    won: false,
    lastDealAt: null,
    location: null,
    tier: 'potential',
    createdAt: '2024-01-31T16:30:00.000Z',
    createdBy: id(7),
    updatedAt: '2024-01-31T16:30:00.000Z',
    deletedAt: null,
    version: 1,
  } as Customer;

  it('writes labels (paths for trees), local times, 是/否 and custom fields under Chinese headers', () => {
    const ctx = {
      labels: {
        regionId: new Map([[id(2), '广东省/深圳市']]),
        industryId: new Map(),
        categoryId: new Map(),
        sourceId: new Map(),
        levelId: new Map(),
        statusId: new Map(),
        maturityId: new Map(),
      },
      customFields: [
        budget,
        { key: 'vip', label: '大客户', type: 'boolean', options: null, required: false },
      ],
      timezone: 'Asia/Shanghai',
    } as const;

    const header = exportHeader(ctx);
    const row = Object.fromEntries(exportRow(customer, ctx).map((v, i) => [header[i], v]));

    expect(header.slice(0, 3)).toEqual(['客户名称', '电话', '邮箱']);
    expect(row).toMatchObject({
      地区: '广东省/深圳市',
      级别: '',
      标签: '重点，华东',
      热点客户: '是',
      私有: '否',
      负责人: '张三',
      创建时间: '2024-02-01 00:30',
      预算: '1200',
      大客户: '是',
      客户编号: id(99),
    });
  });

  it('defuses cells Excel would run as formulas, but not phone numbers', () => {
    expect(csvSafe('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(csvSafe('@cmd')).toBe("'@cmd");
    expect(csvSafe('-1+2')).toBe("'-1+2");
    expect(csvSafe('+8613800138000')).toBe('+8613800138000');
    expect(csvSafe('普通文字')).toBe('普通文字');
  });
});
