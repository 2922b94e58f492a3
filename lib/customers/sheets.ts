import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
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

/** An XLSX cell's value as the text a user sees (dates as YYYY-MM-DD, formulas as their result). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('hyperlink' in value) return String(value.text ?? value.hyperlink);
  return '';
}

export async function readXlsx(bytes: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new UnreadableSheet(`Not a readable XLSX file: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const records: Array<{ row: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    records.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  return toSheet(records);
}

export const readSheet = (bytes: Buffer, contentType: string): Promise<Sheet> =>
  contentType === XLSX_CONTENT_TYPE ? readXlsx(bytes) : Promise.resolve(readCsv(bytes));

/** CSV with a UTF-8 BOM and CRLF line ends: what Excel opens with Chinese text intact. */
export const writeCsv = (header: string[], rows: string[][]): string =>
  BOM + stringify([header, ...rows], { record_delimiter: 'windows' });

export async function writeXlsx(sheetName: string, header: string[], rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    const longest = Math.max(...[header[i] ?? '', ...rows.map((r) => r[i] ?? '')].map((t) => width(t)));
    column.width = Math.min(60, Math.max(8, longest + 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Display width: CJK characters take two columns. */
const width = (text: string) => [...text].reduce((n, ch) => n + (/[\u1100-\uffff]/u.test(ch) ? 2 : 1), 0);
