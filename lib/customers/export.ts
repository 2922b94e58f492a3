import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { now } from '../clock.ts';
import type { Auth } from '../http/auth.ts';
import { loadCustomFieldDefinitions } from '../settings/custom-fields.ts';
import { getSettings, listDictionary } from '../settings/repository.ts';
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

async function context(tenantId: string): Promise<ExportContext> {
  const [settings, customFields, ...dictionaries] = await Promise.all([
    getSettings(tenantId),
    loadCustomFieldDefinitions(tenantId, 'customer'),
    ...Object.values(DICTIONARY_FIELDS).map((kind) => listDictionary(tenantId, kind)),
  ]);
  const labels = Object.fromEntries(
    (Object.keys(DICTIONARY_FIELDS) as DictionaryField[]).map((field, i) => [
      field,
      dictionaryPaths(dictionaries[i] ?? []),
    ]),
  ) as Record<DictionaryField, Map<string, string>>;
  return { labels, customFields, timezone: settings.timezone };
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

export async function exportCustomers(
  auth: Auth,
  query: ExportQuery,
  opts: { maxRows?: number } = {},
): Promise<ExportFile> {
  const { format: fileFormat, ...list } = query;
  const max = opts.maxRows ?? MAX_EXPORT_ROWS;
  const [customers, ctx] = await Promise.all([readView(auth, list, max), context(auth.tenantId)]);
  const truncated = customers.length > max;
  const shown = customers.slice(0, max);
  const header = exportHeader(ctx);
  const rows = shown.map((c) => exportRow(c, ctx));
  const day = format(now(), 'yyyyMMdd', { in: tz(ctx.timezone) });
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
