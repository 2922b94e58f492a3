import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { localDateTime } from '../local-time.ts';
import { normalizePhone } from '../phone.ts';
import { type CustomFieldDefinition, customFieldValuesSchema } from '../settings/custom-fields.ts';
import type { DictionaryItem } from '../settings/schemas.ts';
import { normalizeName } from './names.ts';
import { CreateCustomerBody, type Customer, DICTIONARY_FIELDS, type DictionaryField } from './schemas.ts';
import type { CheckedCustomer } from './service.ts';

/**
 * Pure rules of customer import and export (seed 000 §一 导入): which column is which field, how a
 * row of text cells becomes the same input POST /v1/customers takes (and is checked by the same
 * schema), which rows an import takes, and how customers become rows again.
 */

export const MAX_IMPORT_ROWS = 5_000;

// ---- columns -----------------------------------------------------------------------------------

/** The fields a column can fill: the header export writes first, then what import also accepts. */
export const IMPORT_FIELDS = {
  name: [
    '客户名称',
    '客户名',
    '客户',
    '名称',
    '公司名称',
    '企业名称',
    '单位名称',
    'name',
    'customer',
    'customername',
    'company',
    'companyname',
  ],
  phone: [
    '电话',
    '联系电话',
    '公司电话',
    '客户电话',
    '手机',
    '手机号',
    '手机号码',
    'phone',
    'tel',
    'telephone',
    'mobile',
  ],
  email: ['邮箱', '电子邮箱', '邮件', '电子邮件', 'email', 'mail'],
  website: ['网址', '网站', '公司网址', '主页', 'website', 'web', 'url', 'homepage'],
  address: ['地址', '详细地址', '公司地址', '联系地址', 'address'],
  regionId: ['地区', '区域', '所在地区', '省市', '所在地', 'region', 'regionid', 'area'],
  industryId: ['行业', '所属行业', 'industry', 'industryid'],
  categoryId: ['分类', '客户分类', '类别', '客户类别', '客户类型', 'category', 'categoryid', 'type'],
  sourceId: ['来源', '客户来源', 'source', 'sourceid'],
  levelId: ['级别', '客户级别', '等级', '客户等级', 'level', 'levelid', 'grade'],
  statusId: ['状态', '客户状态', 'status', 'statusid'],
  maturityId: ['成熟度', '客户成熟度', 'maturity', 'maturityid'],
  birthday: ['生日', '纪念日', 'birthday'],
  tags: ['标签', 'tags', 'tag', 'labels'],
  note: ['备注', '说明', 'note', 'notes', 'remark', 'remarks'],
  private: ['私有', '私有客户', '私密', 'private'],
  contactName: ['联系人', '联系人姓名', '联系人名称', 'contact', 'contactname'],
  contactMobile: ['联系人手机', '联系人手机号', 'contactmobile'],
  contactPhone: ['联系人电话', 'contactphone'],
  contactEmail: ['联系人邮箱', 'contactemail'],
  contactTitle: ['职位', '联系人职位', '职务', 'title', 'position', 'jobtitle', 'contacttitle'],
} as const;
export type ImportField = keyof typeof IMPORT_FIELDS;

/** Columns an export writes that an import skips, so an exported file imports again as it is. */
const READ_ONLY_COLUMNS = [
  '热点客户',
  '热点',
  'hot',
  '负责人',
  'owner',
  'ownername',
  '创建时间',
  'createdat',
  '更新时间',
  'updatedat',
  '客户编号',
  '编号',
  'id',
  '序号',
  'no',
  // The reason column of a downloaded rejected-rows file: fix the rows and upload the file again.
  '错误原因',
];

/** A header as compared: full-width folded, lower case, no spaces, marks or bracketed remarks. */
export const headerKey = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/[\s*_\-.:#]/g, '')
    .toLowerCase();

export type ColumnTarget =
  | { kind: 'field'; field: ImportField }
  | { kind: 'custom'; key: string }
  | { kind: 'ignored' };

export interface Column {
  index: number;
  header: string;
  target: ColumnTarget;
}

export interface SheetError {
  path: string;
  code: string;
  message: string;
}

/**
 * Which field each column fills, by its header (Chinese or English, see IMPORT_FIELDS; a custom
 * field by its label or key). Unknown and repeated columns are errors, and so is a file without a
 * name column: an import never drops data silently.
 */
export function mapColumns(
  header: string[],
  customFields: readonly CustomFieldDefinition[],
): { columns: Column[]; errors: SheetError[] } {
  const known = new Map<string, ColumnTarget>();
  for (const def of customFields) {
    known.set(headerKey(def.key), { kind: 'custom', key: def.key });
    known.set(headerKey(def.label), { kind: 'custom', key: def.key });
  }
  // Built-in names win over a custom field labelled the same.
  for (const [field, aliases] of Object.entries(IMPORT_FIELDS)) {
    for (const alias of aliases) known.set(headerKey(alias), { kind: 'field', field: field as ImportField });
  }
  for (const name of READ_ONLY_COLUMNS) known.set(headerKey(name), { kind: 'ignored' });

  const columns: Column[] = [];
  const errors: SheetError[] = [];
  const seen = new Map<string, string>();
  header.forEach((text, index) => {
    if (text.trim() === '') return;
    const target = known.get(headerKey(text));
    if (!target) {
      errors.push({
        path: `body.columns.${index}`,
        code: 'unknown_column',
        message: `Unknown column "${text}": use 客户名称, 电话, 邮箱, 地区, 行业, 联系人 ... or a custom field's label`,
      });
      return;
    }
    if (target.kind !== 'ignored') {
      const id = target.kind === 'field' ? target.field : `customFields.${target.key}`;
      const first = seen.get(id);
      if (first !== undefined) {
        errors.push({
          path: `body.columns.${index}`,
          code: 'duplicate_column',
          message: `Column "${text}" fills the same field as column "${first}"`,
        });
        return;
      }
      seen.set(id, text);
    }
    columns.push({ index, header: text, target });
  });
  if (!columns.some((c) => c.target.kind === 'field' && c.target.field === 'name'))
    errors.push({
      path: 'body.columns',
      code: 'missing_column',
      message: 'The file needs a 客户名称 (name) column',
    });
  return { columns, errors };
}

// ---- dictionaries ------------------------------------------------------------------------------

export interface DictionaryIndex {
  byId: Map<string, DictionaryItem>;
  /** By label and (trees) by path. */
  byLabel: Map<string, DictionaryItem[]>;
  /** By label without its remark ("A" for "A（重点客户）"), tried when no label matches. */
  byBareLabel: Map<string, DictionaryItem[]>;
}

const labelKey = (text: string) =>
  text.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[>\\]/g, '/');

/** Every item's label with its ancestors' (广东省/深圳市); an item of a flat dictionary is its label. */
export function dictionaryPaths(items: readonly DictionaryItem[]): Map<string, string> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const paths = new Map<string, string>();
  const pathOf = (item: DictionaryItem, depth = 0): string => {
    const known = paths.get(item.id);
    if (known) return known;
    const parent = item.parentId ? byId.get(item.parentId) : undefined;
    const path = parent && depth < 10 ? `${pathOf(parent, depth + 1)}/${item.label}` : item.label;
    paths.set(item.id, path);
    return path;
  };
  for (const item of items) pathOf(item);
  return paths;
}

/** A dictionary for label lookups: by id, by label and (trees) by path. */
export function dictionaryIndex(items: readonly DictionaryItem[]): DictionaryIndex {
  const paths = dictionaryPaths(items);
  const byLabel = new Map<string, DictionaryItem[]>();
  const byBareLabel = new Map<string, DictionaryItem[]>();
  const add = (map: Map<string, DictionaryItem[]>, key: string, item: DictionaryItem) => {
    const list = map.get(key) ?? [];
    if (!list.includes(item)) list.push(item);
    map.set(key, list);
  };
  for (const item of items) {
    add(byLabel, labelKey(item.label), item);
    add(byLabel, labelKey(paths.get(item.id) ?? item.label), item);
    const bare = labelKey(item.label).replace(/\([^)]*\)/g, '');
    if (bare) add(byBareLabel, bare, item);
  }
  return { byId: new Map(items.map((i) => [i.id, i])), byLabel, byBareLabel };
}

type Resolved = { id: string } | { error: { code: string; message: string } };

/** A cell of a dictionary column: an item's label, its path in a tree (广东省/深圳市), or its id. */
export function resolveDictionary(text: string, index: DictionaryIndex): Resolved {
  const key = labelKey(text);
  const candidates = index.byId.has(text)
    ? [index.byId.get(text) as DictionaryItem]
    : (index.byLabel.get(key) ?? index.byBareLabel.get(key));
  if (!candidates || candidates.length === 0)
    return { error: { code: 'unknown_dictionary_item', message: `No item is labelled "${text}"` } };
  if (candidates.length > 1)
    return {
      error: {
        code: 'ambiguous_dictionary_item',
        message: `"${text}" names several items; give its path, e.g. ${labelPathHint(candidates, index)}`,
      },
    };
  const item = candidates[0] as DictionaryItem;
  if (item.disabled)
    return { error: { code: 'disabled_dictionary_item', message: `The item "${item.label}" is disabled` } };
  return { id: item.id };
}

function labelPathHint(candidates: DictionaryItem[], index: DictionaryIndex): string {
  const paths = dictionaryPaths([...index.byId.values()]);
  return candidates
    .slice(0, 2)
    .map((c) => paths.get(c.id) ?? c.label)
    .join(' or ');
}

// ---- cells -------------------------------------------------------------------------------------

const TRUE = new Set(['是', '对', 'y', 'yes', 'true', '1', '√']);
const FALSE = new Set(['否', '不', '不是', 'n', 'no', 'false', '0', '×']);

export function parseBoolean(text: string): boolean | undefined {
  const key = text.normalize('NFKC').trim().toLowerCase();
  if (TRUE.has(key)) return true;
  if (FALSE.has(key)) return false;
  return undefined;
}

/** 2024-05-01, 2024/5/1, 2024.5.1 and 2024年5月1日 as YYYY-MM-DD; anything else as given. */
export function parseDate(text: string): string {
  const m = text
    .normalize('NFKC')
    .trim()
    .match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/);
  if (!m) return text;
  return `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
}

/** Tags and multi-select cells: separated by ，,;；| (Chinese or English punctuation). */
export const splitList = (text: string) =>
  text
    .split(/[，,;；|、]/)
    .map((t) => t.trim())
    .filter(Boolean);

function customValue(text: string, def: CustomFieldDefinition): unknown {
  switch (def.type) {
    case 'number': {
      const n = Number(text.replace(/[,，\s]/g, ''));
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return parseBoolean(text) ?? text;
    case 'multiSelect':
      return splitList(text);
    case 'date':
      return parseDate(text);
    default:
      return text;
  }
}

// ---- rows --------------------------------------------------------------------------------------

export interface ImportError {
  /** The field, as the API names it (phone, regionId, contactMobile, customFields.budget). */
  field: string;
  code: string;
  message: string;
}

export interface RowContext {
  columns: readonly Column[];
  dictionaries: Record<DictionaryField, DictionaryIndex>;
  customFields: readonly CustomFieldDefinition[];
  privateCustomersEnabled: boolean;
}

export interface CheckedRow {
  row: number;
  cells: string[];
  /** The normalised name ('' without a usable name): what duplicates are found by. */
  nameKey: string;
  /** Set when the row is valid. */
  checked?: CheckedCustomer;
  errors: ImportError[];
}

const CONTACT_FIELDS = {
  name: 'contactName',
  mobile: 'contactMobile',
  phone: 'contactPhone',
  email: 'contactEmail',
  title: 'contactTitle',
} as const;

const fieldOfPath = (path: readonly PropertyKey[]): string => {
  const [first, second, third] = path;
  if (first === 'contacts') return CONTACT_FIELDS[third as keyof typeof CONTACT_FIELDS] ?? 'contactName';
  if (first === 'customFields' && second !== undefined) return `customFields.${String(second)}`;
  return first === undefined ? 'row' : String(first);
};

/**
 * One row through the rules of POST /v1/customers: the cells become its request body (labels
 * resolved to dictionary ids, dates, tags and yes/no read the way people type them into Excel), the
 * body goes through the same zod schema, and names, phones and custom fields through the same
 * normalisation. Every problem is reported, each with its field.
 */
export function checkRow(row: number, cells: string[], ctx: RowContext): CheckedRow {
  const errors: ImportError[] = [];
  const value: Partial<Record<ImportField, string>> = {};
  const custom: Record<string, string> = {};
  for (const column of ctx.columns) {
    const text = (cells[column.index] ?? '').trim();
    if (text === '') continue;
    if (column.target.kind === 'field') value[column.target.field] = text;
    else if (column.target.kind === 'custom') custom[column.target.key] = text;
  }

  const body: Record<string, unknown> = {};
  if (value.name !== undefined) body.name = value.name;
  else errors.push({ field: 'name', code: 'required', message: 'A customer needs a name' });
  for (const field of ['phone', 'email', 'website', 'address', 'note'] as const) {
    if (value[field] !== undefined) body[field] = value[field];
  }
  for (const field of Object.keys(DICTIONARY_FIELDS) as DictionaryField[]) {
    const text = value[field];
    if (text === undefined) continue;
    const resolved = resolveDictionary(text, ctx.dictionaries[field]);
    if ('id' in resolved) body[field] = resolved.id;
    else errors.push({ field, ...resolved.error });
  }
  if (value.birthday !== undefined) body.birthday = parseDate(value.birthday);
  if (value.tags !== undefined) body.tags = splitList(value.tags);
  if (value.private !== undefined) {
    const flag = parseBoolean(value.private);
    if (flag === undefined)
      errors.push({ field: 'private', code: 'invalid_boolean', message: 'Write 是 or 否 (yes or no)' });
    else if (flag && !ctx.privateCustomersEnabled)
      errors.push({
        field: 'private',
        code: 'private_customers_disabled',
        message: 'Private customers are turned off in the settings',
      });
    else body.private = flag;
  }
  const contact = {
    name: value.contactName,
    mobile: value.contactMobile,
    phone: value.contactPhone,
    email: value.contactEmail,
    title: value.contactTitle,
  };
  if (Object.values(contact).some((v) => v !== undefined)) {
    if (contact.name === undefined)
      errors.push({ field: 'contactName', code: 'required', message: 'A contact needs a name' });
    else body.contacts = [Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined))];
  }

  const parsed = CreateCustomerBody.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // A missing name is reported above, as `required`.
      if (issue.path[0] === 'name' && value.name === undefined) continue;
      errors.push({ field: fieldOfPath(issue.path), code: issue.code, message: issue.message });
    }
  }

  const customValues = Object.fromEntries(
    Object.entries(custom).map(([key, text]) => {
      const def = ctx.customFields.find((d) => d.key === key) as CustomFieldDefinition;
      return [key, customValue(text, def)];
    }),
  );
  const customParsed = customFieldValuesSchema(ctx.customFields, { partial: false }).safeParse(customValues);
  const customFields: Record<string, unknown> = {};
  if (customParsed.success) {
    for (const [key, v] of Object.entries(customParsed.data))
      if (v !== undefined && v !== null) customFields[key] = v;
  } else {
    for (const issue of customParsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const missing = issue.path.length === 1 && customValues[key] === undefined;
      errors.push({
        field: `customFields.${key}`,
        code: missing ? 'required' : issue.code,
        message: missing ? 'This field is required' : issue.message,
      });
    }
  }

  const nameKey = value.name ? normalizeName(value.name) : '';
  if (value.name !== undefined && !nameKey)
    errors.push({ field: 'name', code: 'invalid_name', message: 'A name needs letters or digits' });
  const phoneOf = (text: string | undefined, field: string) => {
    if (text === undefined) return null;
    const phone = normalizePhone(text);
    if (!phone) errors.push({ field, code: 'invalid_phone', message: 'Not a valid phone number' });
    return phone;
  };
  const phone = parsed.success ? phoneOf(parsed.data.phone, 'phone') : null;
  const first = parsed.success ? parsed.data.contacts?.[0] : undefined;
  const contactPhones = first
    ? [{ mobile: phoneOf(first.mobile, 'contactMobile'), phone: phoneOf(first.phone, 'contactPhone') }]
    : [];

  const unique = dedupe(errors);
  if (unique.length > 0 || !parsed.success) return { row, cells, nameKey, errors: unique };
  return {
    row,
    cells,
    nameKey,
    errors: [],
    checked: { input: parsed.data, nameKey, phone, contactPhones, customFields },
  };
}

const dedupe = (errors: ImportError[]) => {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}|${e.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/**
 * The same customer twice in one file: every later row with a name already seen is rejected, naming
 * the first row. Rows are compared by normalised name, whatever else is wrong with them.
 */
export function markInFileDuplicates(rows: CheckedRow[]): void {
  const first = new Map<string, number>();
  for (const r of rows) {
    if (!r.nameKey) continue;
    const seen = first.get(r.nameKey);
    if (seen === undefined) {
      first.set(r.nameKey, r.row);
      continue;
    }
    r.errors.push({
      field: 'name',
      code: 'duplicate_in_file',
      message: `The same customer as row ${seen}`,
    });
    delete r.checked;
  }
}

/** Rows beyond the quota left (in file order) are rejected; `remaining` null means no quota. */
export function applyQuota(rows: CheckedRow[], remaining: number | null, max: number | null): void {
  if (remaining === null) return;
  let left = Math.max(0, remaining);
  for (const r of rows) {
    if (!r.checked) continue;
    if (left > 0) {
      left -= 1;
      continue;
    }
    r.errors.push({
      field: 'row',
      code: 'quota_exceeded',
      message: `Beyond the maximum of ${max} customers per sales rep`,
    });
    delete r.checked;
  }
}

// ---- report ------------------------------------------------------------------------------------

const REASONS: Record<string, (e: ImportError) => string> = {
  required: () => '必填',
  invalid_name: () => '名称需包含文字或数字',
  invalid_phone: () => '电话号码无效',
  invalid_boolean: () => '请填写“是”或“否”',
  unknown_dictionary_item: (e) => `找不到该选项（${e.message.replace(/^No item is labelled /, '')}）`,
  ambiguous_dictionary_item: () => '选项名称不唯一，请填写完整路径，如 广东省/深圳市',
  disabled_dictionary_item: () => '该选项已停用',
  private_customers_disabled: () => '系统未启用私有客户',
  duplicate_in_file: (e) =>
    `与文件中${e.message.replace(/^The same customer as row (\d+)$/, '第 $1 行')}重复`,
  duplicate_name: (e) => {
    const owner = e.message.match(/owner: ([^)]+)\)/)?.[1];
    return owner ? `客户已存在（负责人：${owner}）` : '客户已存在';
  },
  quota_exceeded: () => '超出每人客户数上限',
  invalid_format: () => '格式不正确',
  too_big: () => '内容过长或过多',
};

/** Why a row was rejected, in the words of the person who fixes the file. */
export function reasonText(
  errors: readonly ImportError[],
  headerOf: (field: string) => string | undefined,
): string {
  return errors
    .map((e) => {
      const reason = REASONS[e.code]?.(e) ?? e.message;
      const header = headerOf(e.field);
      return header ? `${header}：${reason}` : reason;
    })
    .join('；');
}

/** The column header a field came from (or the export's header when the file had no such column). */
export function headerOfField(columns: readonly Column[]) {
  return (field: string): string | undefined => {
    const column = columns.find((c) =>
      c.target.kind === 'field'
        ? c.target.field === field
        : c.target.kind === 'custom' && `customFields.${c.target.key}` === field,
    );
    if (column) return column.header;
    return (IMPORT_FIELDS as Record<string, readonly string[]>)[field]?.[0];
  };
}

export interface ImportRowResult {
  row: number;
  status: 'created' | 'rejected';
  customerId?: string;
  errors?: ImportError[];
}

export interface ImportReport {
  total: number;
  created: number;
  rejected: number;
  rows: ImportRowResult[];
  /** The rejected rows as they were, with a 错误原因 column: fix them and import the file again. */
  rejectedCsv: string | null;
  /** Whether rejectedCsv holds only the first rejected rows (the report must fit where retries replay it from). */
  rejectedCsvTruncated: boolean;
}

/**
 * The report with as many rejected rows in `rejectedCsv` as fit `budget` bytes once gzipped (the
 * idempotency record replays it, and a DynamoDB item holds 400 KB). `csvOf(n)` builds the CSV of
 * the first n rejected rows; `rows` always lists every row.
 */
export function fitReport(
  report: Omit<ImportReport, 'rejectedCsv' | 'rejectedCsvTruncated'>,
  csvOf: (n: number) => string | null,
  budget: number,
): ImportReport {
  const all = report.rejected;
  const build = (n: number): ImportReport => ({
    ...report,
    rejectedCsv: csvOf(n),
    rejectedCsvTruncated: n < all,
  });
  const size = (r: ImportReport) => gzipSync(JSON.stringify(r)).length;
  const full = build(all);
  if (size(full) <= budget) return full;
  let lo = 0;
  let hi = all - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(build(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? { ...report, rejectedCsv: null, rejectedCsvTruncated: all > 0 } : build(lo);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of the customer an import creates from one row, derived from the request (tenant, user,
 * Idempotency-Key, file): a second run of the same request names the same customers, so it finds
 * the ones the first run wrote instead of writing them again. Shaped like a ULID (26 Crockford
 * base32 characters, the first at most 7).
 */
export function derivedId(seed: string, row: number): string {
  const bytes = createHash('sha256').update(`${seed}#${row}`).digest();
  let id = CROCKFORD[(bytes[0] as number) & 7] as string;
  for (let i = 1; i < 26; i += 1) id += CROCKFORD[(bytes[i] as number) & 31];
  return id;
}

// ---- export ------------------------------------------------------------------------------------

export interface ExportContext {
  /** Per dictionary field, item id -> label (path for trees). */
  labels: Record<DictionaryField, Map<string, string>>;
  customFields: readonly CustomFieldDefinition[];
  timezone: string;
}

const DICTIONARY_ORDER = Object.keys(DICTIONARY_FIELDS) as DictionaryField[];
const headerOf = (field: ImportField) => IMPORT_FIELDS[field][0];

export function exportHeader(ctx: ExportContext): string[] {
  return [
    ...(['name', 'phone', 'email', 'website', 'address'] as const).map(headerOf),
    ...DICTIONARY_ORDER.map(headerOf),
    ...(['birthday', 'tags', 'note', 'private'] as const).map(headerOf),
    '热点客户',
    '负责人',
    '创建时间',
    '更新时间',
    ...ctx.customFields.map((d) => d.label),
    '客户编号',
  ];
}

const yesNo = (flag: boolean) => (flag ? '是' : '否');

function customText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return yesNo(value);
  if (Array.isArray(value)) return value.map(String).join('，');
  return String(value);
}

/** A customer as a row under exportHeader: labels for ids, local times, 是/否 for flags. */
export function exportRow(c: Customer, ctx: ExportContext): string[] {
  const local = (iso: string) => localDateTime(iso, ctx.timezone);
  return [
    c.name,
    c.phone ?? '',
    c.email ?? '',
    c.website ?? '',
    c.address ?? '',
    ...DICTIONARY_ORDER.map((field) => {
      const id = c[field];
      return id ? (ctx.labels[field].get(id) ?? '') : '';
    }),
    c.birthday ?? '',
    c.tags.join('，'),
    c.note ?? '',
    yesNo(c.private),
    yesNo(c.hot),
    c.ownerName ?? (c.state === 'pool' ? '公海' : ''),
    local(c.createdAt),
    local(c.updatedAt),
    ...ctx.customFields.map((d) => customText(c.customFields[d.key])),
    c.id,
  ];
}

/**
 * A cell Excel would run as a formula (=, @, or + and - followed by more than a number) gets a
 * leading apostrophe in CSV; phone numbers such as +8613800138000 stay as they are.
 */
export const csvSafe = (text: string) => (/^[=@\t\r]|^[+-](?![\d\s()-]*$)/.test(text) ? `'${text}` : text);
