import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readSheet as readXlsxSheet } from 'read-excel-file/universal';
import writeXlsxFile from 'write-excel-file/node';
import { XLSX_CONTENT_TYPE } from './schemas.ts';

/**
 * Spreadsheet files in and out (导入/导出): CSV and XLSX become rows of text cells, and rows of
 * text cells become CSV (with a BOM, so Excel shows Chinese text) or XLSX. No business rules here.
 */

/** A data row: its number as a spreadsheet shows it (the header is row 1) and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  header: string[];
  /** Non-empty rows below the header, in file order. */
  rows: SheetRow[];
}

/** What makes a file unreadable, for a 400 that says so. */
export class UnreadableSheet extends Error {}

const BOM = '\uFEFF';

/**
 * CSV bytes as text: UTF-8 (with or without a BOM) when they are valid UTF-8, else GB18030, which
 * is what Excel on a Chinese Windows saves "CSV" as.
 */
export function decodeCsv(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** The delimiter of the header line: comma, semicolon (European Excel) or tab. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

const blank = (cells: string[]) => cells.every((c) => c.trim() === '');

function toSheet(records: Array<{ row: number; cells: string[] }>): Sheet {
  const nonEmpty = records.filter((r) => !blank(r.cells));
  const [first, ...rest] = nonEmpty;
  if (!first) return { header: [], rows: [] };
  const width = first.cells.length;
  return {
    header: first.cells.map((c) => c.trim()),
    rows: rest.map((r) => ({
      row: r.row,
      cells: Array.from({ length: width }, (_, i) => r.cells[i] ?? ''),
    })),
  };
}

export function readCsv(bytes: Buffer): Sheet {
  const text = decodeCsv(bytes);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    throw new UnreadableSheet(`Not a readable CSV file: ${(error as Error).message}`);
  }
  // A record's position is its row in Excel (a quoted line break stays inside its cell).
  return toSheet(records.map((cells, i) => ({ row: i + 1, cells })));
}

/** An XLSX cell as read-excel-file gives it: rich text joined, formulas as their cached result. */
export type XlsxCell = string | number | boolean | Date | null | undefined;

/** An XLSX cell's value as the text a user sees (dates as YYYY-MM-DD, formulas as their result). */
export function cellText(value: XlsxCell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return String(value);
}

/** The first worksheet, text cells as written (untrimmed; toSheet trims the header). */
export async function readXlsx(bytes: Buffer): Promise<Sheet> {
  let data: XlsxCell[][];
  try {
    // The universal build takes an ArrayBuffer (and unzips with fflate); copy, as a Buffer may be a pool slice.
    data = (await readXlsxSheet(new Uint8Array(bytes).buffer, { trim: false })) as unknown as XlsxCell[][];
  } catch (error) {
    throw new UnreadableSheet(`Not a readable XLSX file: ${(error as Error).message}`);
  }
  // Row i of the data is sheet row i + 1: the reader keeps empty rows above and between data rows.
  return toSheet(data.map((cells, i) => ({ row: i + 1, cells: cells.map(cellText) })));
}

export const readSheet = (bytes: Buffer, contentType: string): Promise<Sheet> =>
  contentType === XLSX_CONTENT_TYPE ? readXlsx(bytes) : Promise.resolve(readCsv(bytes));

/** CSV with a UTF-8 BOM and CRLF line ends: what Excel opens with Chinese text intact. */
export const writeCsv = (header: string[], rows: string[][]): string =>
  BOM + stringify([header, ...rows], { record_delimiter: 'windows' });

/** One sheet: a bold header row that stays in view, columns as wide as their text (8 to 60). */
export async function writeXlsx(sheetName: string, header: string[], rows: string[][]): Promise<Buffer> {
  const columns = header.map((title, i) => {
    const longest = Math.max(...[title, ...rows.map((r) => r[i] ?? '')].map((t) => width(t)));
    return { width: Math.min(60, Math.max(8, longest + 2)) };
  });
  const data = [header.map((value) => ({ value, fontWeight: 'bold' as const })), ...rows];
  return writeXlsxFile(data, { sheet: sheetName, columns, stickyRowsCount: 1 }).toBuffer();
}

/** Display width: CJK characters take two columns. */
const width = (text: string) => [...text].reduce((n, ch) => n + (/[\u1100-\uffff]/u.test(ch) ? 2 : 1), 0);
