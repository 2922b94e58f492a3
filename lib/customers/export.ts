import { now } from '../clock.ts';
import type { Auth } from '../http/auth.ts';
import { localDate } from '../local-time.ts';
import { loadCustomFieldDefinitions } from '../settings/custom-fields.ts';
import { getDictionaryItems, tenantTimezone } from '../settings/repository.ts';
import type { DictionaryItem, DictionaryKind } from '../settings/schemas.ts';
import { listCustomers } from './lists.ts';
import {
  CSV_CONTENT_TYPE,
  type Customer,
  DICTIONARY_FIELDS,
  type DictionaryField,
  type ExportQuery,
  XLSX_CONTENT_TYPE,
} from './schemas.ts';
import { csvSafe, dictionaryPaths, type ExportContext, exportHeader, exportRow } from './sheet-rules.ts';
import { writeCsv, writeXlsx } from './sheets.ts';

/**
 * 导出: the customers of one list view, exactly as GET /v1/customers would page through them (same
 * view, filters, search and data scope: it reads through listCustomers), as a file. The read is
 * bounded: at most MAX_EXPORT_ROWS rows, and the answer says when there were more.
 */

export const MAX_EXPORT_ROWS = 10_000;
const PAGE = 100;

export interface ExportFile {
  body: string | Buffer;
  contentType: string;
  filename: string;
  rows: number;
  /** More customers matched than MAX_EXPORT_ROWS: the file holds the first ones. */
  truncated: boolean;
}

/** How deep a tree dictionary (region, industry) may nest: bounds the rounds that fetch ancestors. */
const MAX_DEPTH = 10;

/**
 * The dictionary items the rows name, and their ancestors (a tree item is exported as its path,
 * 广东/深圳), fetched by id: an export reads the labels it prints, not whole dictionaries.
 */
async function usedDictionaryItems(tenantId: string, customers: Customer[]): Promise<DictionaryItem[]> {
  const found = new Map<string, DictionaryItem>();
  let wanted = customers.flatMap((c) =>
    (Object.entries(DICTIONARY_FIELDS) as [DictionaryField, DictionaryKind][]).flatMap(([field, kind]) =>
      c[field] ? [{ kind, id: c[field] as string }] : [],
    ),
  );
  for (let depth = 0; depth < MAX_DEPTH && wanted.length > 0; depth++) {
    const items = await getDictionaryItems(tenantId, wanted);
    for (const [key, item] of items) found.set(key, item);
    wanted = [...items.values()].flatMap((item) =>
      item.parentId && !found.has(`${item.kind}#${item.parentId}`)
        ? [{ kind: item.kind, id: item.parentId }]
        : [],
    );
  }
  return [...found.values()];
}

async function context(auth: Auth, customers: Customer[]): Promise<ExportContext> {
  const [timezone, customFields, items] = await Promise.all([
    tenantTimezone(auth),
    loadCustomFieldDefinitions(auth.tenantId, 'customer'),
    usedDictionaryItems(auth.tenantId, customers),
  ]);
  const labels = Object.fromEntries(
    (Object.entries(DICTIONARY_FIELDS) as [DictionaryField, DictionaryKind][]).map(([field, kind]) => [
      field,
      dictionaryPaths(items.filter((item) => item.kind === kind)),
    ]),
  ) as Record<DictionaryField, Map<string, string>>;
  return { labels, customFields, timezone };
}

/** The view's customers, page after page, up to one more than the bound (to tell truncation). */
async function readView(auth: Auth, query: Omit<ExportQuery, 'format'>, max: number): Promise<Customer[]> {
  const customers: Customer[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCustomers(auth, {
      ...query,
      limit: Math.min(PAGE, max + 1 - customers.length),
      cursor,
    });
    customers.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && customers.length <= max);
  return customers;
}

/**
 * The view's file. With `syncRows`, a view of more rows than that is not built here: the answer is
 * undefined (it is exported by a background job), having read no more than `syncRows + 1` rows.
 */
export async function exportCustomers(
  auth: Auth,
  query: ExportQuery,
  opts: { maxRows?: number; syncRows: number },
): Promise<ExportFile | undefined>;
export async function exportCustomers(
  auth: Auth,
  query: ExportQuery,
  opts?: { maxRows?: number },
): Promise<ExportFile>;
export async function exportCustomers(
  auth: Auth,
  query: ExportQuery,
  opts: { maxRows?: number; syncRows?: number } = {},
): Promise<ExportFile | undefined> {
  const { format: fileFormat, ...list } = query;
  const max = opts.maxRows ?? MAX_EXPORT_ROWS;
  const sync = opts.syncRows !== undefined && opts.syncRows < max ? opts.syncRows : undefined;
  const customers = await readView(auth, list, sync ?? max);
  if (sync !== undefined && customers.length > sync) return undefined;
  const truncated = customers.length > max;
  const shown = customers.slice(0, max);
  const ctx = await context(auth, shown);
  const header = exportHeader(ctx);
  const rows = shown.map((c) => exportRow(c, ctx));
  const day = localDate(now(), ctx.timezone).replaceAll('-', '');
  if (fileFormat === 'xlsx')
    return {
      body: await writeXlsx('客户', header, rows),
      contentType: XLSX_CONTENT_TYPE,
      filename: `customers-${list.view}-${day}.xlsx`,
      rows: shown.length,
      truncated,
    };
  return {
    body: writeCsv(
      header,
      rows.map((r) => r.map(csvSafe)),
    ),
    contentType: `${CSV_CONTENT_TYPE}; charset=utf-8`,
    filename: `customers-${list.view}-${day}.csv`,
    rows: shown.length,
    truncated,
  };
}
