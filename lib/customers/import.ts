import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { type Auth, can } from '../http/auth.ts';
import { BadRequest, Conflict, Forbidden, HttpError } from '../http/errors.ts';
import { count } from '../metrics.ts';
import { loadReclaimRules } from '../ownership/reclaim.ts';
import { loadCustomFieldDefinitions } from '../settings/custom-fields.ts';
import { getSettings, listDictionary } from '../settings/repository.ts';
import * as lease from './import-lease.ts';
import { LEASE_SHARDS } from './import-lease.ts';
import * as repo from './repository.ts';
import { DICTIONARY_FIELDS, type DictionaryField } from './schemas.ts';
import { DEFAULT_POOL_ID, newCustomerPlan } from './service.ts';
import {
  applyQuota,
  type CheckedRow,
  checkRow,
  type DictionaryIndex,
  derivedId,
  dictionaryIndex,
  fitReport,
  headerOfField,
  type ImportError,
  type ImportReport,
  type ImportRowResult,
  MAX_IMPORT_ROWS,
  mapColumns,
  markInFileDuplicates,
  reasonText,
} from './sheet-rules.ts';
import { readSheet, type Sheet, UnreadableSheet, writeCsv } from './sheets.ts';

/**
 * 导入 (seed 000 §一, §二.2): a CSV or XLSX file becomes customers of the caller (or of the default
 * pool), each row checked by the rules of POST /v1/customers, every row answered in a report.
 *
 * How the writes stay correct: rows are checked first (nothing is written for a file that cannot be
 * read). An import into the caller's own customers then reserves its rows' share of the quota in one
 * conditional update of the owner's counter (lib/customers/import-lease.ts): rows beyond what fits
 * are rejected, in file order, before anything is written. The valid rows are written in groups,
 * each group ONE transaction holding its customers with their name guards, search terms, history
 * and contacts (plus the writer's progress shard), several groups in flight: they share no item, so
 * they do not contend. A group whose transaction fails (a name taken meanwhile) is written again
 * row by row, so each row gets its own outcome. At the end the lease settles: the counter gives
 * back what was reserved for rows that were not written. Conflicts with other writers are retried
 * with backoff inside each transaction (lib/db/write.ts), never reported as a row's failure.
 *
 * Retries: with an Idempotency-Key the HTTP stack replays the stored report. Besides, the ids of
 * the new customers derive from the request (tenant, user, key, file), so a run that died halfway
 * and is run again finds the customers it wrote (reported as created), takes over its lease, and
 * writes only the rest.
 */

/** Items of one group's transaction (DynamoDB takes 100; one is the writer's progress shard). */
const GROUP_ITEMS = 99;
const GROUP_CUSTOMERS = 25;
/** Group transactions in flight: one writer per progress shard of the lease. */
const WRITE_PARALLEL = LEASE_SHARDS;
const READ_PARALLEL = 8;
/** Rounds of reserving when other writers keep taking the room meanwhile. */
const RESERVE_ATTEMPTS = 8;
/** Owners named in duplicate-name errors (one Query each); later duplicates get the plain message. */
const OWNER_LOOKUPS = 100;
/** Gzipped report bytes: the idempotency record replays it from one DynamoDB item (400 KB). */
const REPORT_BUDGET = 300_000;

export interface ImportInput {
  into: 'mine' | 'pool';
  bytes: Buffer | undefined;
  contentType: string | undefined;
  idempotencyKey?: string | undefined;
}

function refuseFile(detail: string, code: string): never {
  throw new BadRequest(detail, [{ path: 'body', code, message: detail }], code);
}

async function load(bytes: Buffer | undefined, contentType: string | undefined): Promise<Sheet> {
  if (!bytes || bytes.length === 0 || !contentType)
    refuseFile('Send the file as the body, as text/csv or an XLSX workbook.', 'missing_file');
  let sheet: Sheet;
  try {
    sheet = await readSheet(bytes, contentType);
  } catch (error) {
    if (error instanceof UnreadableSheet) refuseFile(error.message, 'unreadable_file');
    throw error;
  }
  if (sheet.rows.length === 0) refuseFile('The file has a header but no rows to import.', 'empty_file');
  if (sheet.rows.length > MAX_IMPORT_ROWS)
    refuseFile(
      `An import takes at most ${MAX_IMPORT_ROWS} rows; this file has ${sheet.rows.length}. Split it.`,
      'too_many_rows',
    );
  return sheet;
}

async function loadDictionaries(tenantId: string): Promise<Record<DictionaryField, DictionaryIndex>> {
  const entries = await Promise.all(
    (
      Object.entries(DICTIONARY_FIELDS) as Array<
        [DictionaryField, (typeof DICTIONARY_FIELDS)[DictionaryField]]
      >
    ).map(async ([field, kind]) => [field, dictionaryIndex(await listDictionary(tenantId, kind))] as const),
  );
  return Object.fromEntries(entries) as Record<DictionaryField, DictionaryIndex>;
}

const reject = (r: CheckedRow, error: ImportError) => {
  r.errors.push(error);
  delete r.checked;
};

/** Rows whose name a customer of the tenant holds already (only where names must be unique). */
async function markTenantDuplicates(tenantId: string, rows: CheckedRow[]): Promise<void> {
  const candidates = rows.filter((r) => r.checked);
  const held = new Set(
    (
      await inChunks(
        candidates.map((r) => r.nameKey),
        (keys) => repo.heldNames(tenantId, keys),
      )
    ).flatMap((set) => [...set]),
  );
  const owners = new Map<string, string>();
  const named = [...held].slice(0, OWNER_LOOKUPS);
  await Promise.all(
    named.map(async (nameKey) => {
      const [id] = await repo.customersNamed(tenantId, nameKey, 10);
      const holder = id ? await repo.getCustomer(tenantId, id) : undefined;
      if (holder) owners.set(nameKey, holder.ownerName ?? '公海');
    }),
  );
  for (const r of candidates) {
    if (!held.has(r.nameKey)) continue;
    const owner = owners.get(r.nameKey);
    reject(r, {
      field: 'name',
      code: 'duplicate_name',
      message: owner
        ? `A customer with this name exists already (owner: ${owner}).`
        : 'A customer with this name exists already.',
    });
  }
}

interface Planned {
  row: CheckedRow;
  id: string;
  steps: repo.Step[];
}

function groupsOf(planned: Planned[]): Planned[][] {
  const groups: Planned[][] = [];
  let current: Planned[] = [];
  let items = 0;
  for (const p of planned) {
    if (current.length > 0 && (items + p.steps.length > GROUP_ITEMS || current.length >= GROUP_CUSTOMERS)) {
      groups.push(current);
      current = [];
      items = 0;
    }
    current.push(p);
    items += p.steps.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** A lookup over many keys in BatchGet-sized chunks, a few in flight. */
async function inChunks<K, R>(keys: K[], fn: (chunk: K[]) => Promise<R>): Promise<R[]> {
  const chunks: K[][] = [];
  for (let i = 0; i < keys.length; i += 100) chunks.push(keys.slice(i, i + 100));
  const results: R[] = [];
  await mapLimited(chunks, READ_PARALLEL, async (chunk) => {
    results.push(await fn(chunk));
  });
  return results;
}

/** Runs `fn` over `items` with at most `limit` in flight; `worker` tells which of them runs it. */
async function mapLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const run = async (worker: number) => {
    while (next < items.length) await fn(items[next++] as T, worker);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, worker) => run(worker)));
}

/**
 * Reserves the quota the import's rows need (see import-lease.ts): a lease of its own, or more on
 * the one an earlier run of the same request left. Rows beyond the room left are rejected with
 * quota_exceeded; when someone else takes room meanwhile, the room is read again. Answers whether
 * the import holds a lease to write under (none when no row is left to write).
 */
async function reserveQuota(
  auth: Auth,
  importId: string,
  rows: CheckedRow[],
  max: number | null,
): Promise<boolean> {
  const { tenantId, userId } = auth;
  await lease.settleStale(tenantId, userId);
  for (let attempt = 1; ; attempt += 1) {
    const [owned, leases] = await Promise.all([
      repo.ownedCount(tenantId, userId),
      lease.readLeases(tenantId, userId),
    ]);
    const held = leases.find((l) => l.importId === importId);
    // What the held lease reserved and its rows have not used yet is this import's already.
    const slack = held ? held.reserved - lease.writtenBy(held) : 0;
    if (max !== null) applyQuota(rows, max - owned + slack, max);
    const extra = rows.filter((r) => r.checked).length - slack;
    if (extra <= 0) return held !== undefined;
    try {
      await lease.reserve(tenantId, userId, importId, extra, max, held);
      return true;
    } catch (error) {
      const raced =
        error instanceof lease.LeaseMoved || (error instanceof HttpError && error.code === 'quota_exceeded');
      if (!raced) throw error;
      if (attempt >= RESERVE_ATTEMPTS)
        throw new Conflict('write_conflict', 'Your customers keep changing; import again.');
    }
  }
}

/** A file read and its rows checked: what an import writes from, in one run or in chunks. */
export interface PreparedImport {
  auth: Auth;
  into: 'mine' | 'pool';
  sheet: Sheet;
  rows: CheckedRow[];
  columns: ReturnType<typeof mapColumns>['columns'];
  settings: Awaited<ReturnType<typeof getSettings>>;
  reclaimRules: Awaited<ReturnType<typeof loadReclaimRules>>;
}

/**
 * Reads the file and checks every row (nothing written): a file that cannot be read, or whose
 * columns are not understood, is refused here, before an import or a background job starts.
 */
export async function prepareImport(auth: Auth, input: ImportInput): Promise<PreparedImport> {
  if (input.into === 'pool' && !can(auth, 'pool.import'))
    throw new Forbidden(
      'Importing into the public pool needs the permission "pool.import".',
      'missing_permission',
    );
  const sheet = await load(input.bytes, input.contentType);
  const { tenantId } = auth;
  const [settings, customFields, dictionaries, reclaimRules] = await Promise.all([
    getSettings(tenantId),
    loadCustomFieldDefinitions(tenantId, 'customer'),
    loadDictionaries(tenantId),
    loadReclaimRules(tenantId),
  ]);
  const { columns, errors } = mapColumns(sheet.header, customFields);
  if (errors.length > 0)
    throw new BadRequest('Some columns of the file are not understood.', errors, 'invalid_columns');

  const rows = sheet.rows.map((r) =>
    checkRow(r.row, r.cells, {
      columns,
      dictionaries,
      customFields,
      privateCustomersEnabled: settings.privateCustomersEnabled,
    }),
  );
  // Over the whole file, so a chunk of a background job rejects a name an earlier chunk holds.
  markInFileDuplicates(rows);
  return { auth, into: input.into, sheet, rows, columns, settings, reclaimRules };
}

/** Raised by `crashAfterRows`: the run stops as a crashed worker would, between two writes. */
export class InjectedCrash extends Error {}

export interface WriteOptions {
  /** Derives the new customers' ids: a rerun with the same seed finds the rows it wrote. */
  seed: string | undefined;
  /** The quota lease's id (a rerun with the same id takes the lease over). */
  importId: string;
  /** Only these rows (by row number) are written; all by default. */
  only?: (row: number) => boolean;
  /** Failure injection for tests of resumption: stop once this many rows are written. */
  crashAfterRows?: number;
}

/**
 * Writes the prepared rows (those `only` keeps); see the module comment. Answers the rows created
 * (row number to customer id); the rows refused on the way carry their errors in `prepared.rows`.
 */
export async function writeImport(
  prepared: PreparedImport,
  opts: WriteOptions,
): Promise<Map<number, string>> {
  const { auth, settings, reclaimRules, seed, importId } = {
    ...prepared,
    ...opts,
  };
  const { tenantId } = auth;
  const rows = opts.only ? prepared.rows.filter((r) => opts.only?.(r.row)) : prepared.rows;
  const ids = new Map(rows.map((r) => [r.row, seed ? derivedId(seed, r.row) : ulid()]));
  const created = new Map<number, string>();

  // A run of the same request that got this far before finds what it wrote.
  if (seed) {
    const found = new Map(
      (
        await inChunks(
          rows.filter((r) => r.checked).map((r) => ids.get(r.row) as string),
          (chunk) => repo.getCustomers(tenantId, chunk),
        )
      ).flatMap((m) => [...m]),
    );
    for (const r of rows) {
      const id = ids.get(r.row) as string;
      if (r.checked && found.get(id)?.createdBy === auth.userId) {
        created.set(r.row, id);
        delete r.checked;
      }
    }
  }
  if (!settings.allowDuplicateNames) await markTenantDuplicates(tenantId, rows);
  const mine = prepared.into === 'mine';
  const leased = mine && (await reserveQuota(auth, importId, rows, settings.maxCustomersPerRep));

  const at = now().toISOString();
  const poolId = mine ? undefined : DEFAULT_POOL_ID;
  const planned: Planned[] = rows.flatMap((r) => {
    if (!r.checked) return [];
    const id = ids.get(r.row) as string;
    const plan = newCustomerPlan(auth, r.checked, {
      settings,
      reclaimRules,
      id,
      at,
      ...(poolId ? { poolId } : {}),
      action: 'import',
    });
    return [{ row: r, id, steps: plan.steps }];
  });
  // The rows' count goes to the writer's shard in the rows' own transaction.
  const progress = (worker: number, count: number) =>
    leased ? [lease.progressStep(tenantId, auth.userId, importId, worker, count)] : [];
  let written = 0;
  let crashed: InjectedCrash | undefined;
  const counted = (n: number) => {
    written += n;
    if (opts.crashAfterRows !== undefined && written >= opts.crashAfterRows)
      crashed ??= new InjectedCrash(`Crash injected after ${written} rows.`);
  };

  const writeOne = async (p: Planned, worker: number) => {
    try {
      await repo.commit([...p.steps, ...progress(worker, 1)]);
      created.set(p.row.row, p.id);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      // Written by an earlier run of this very request (the id derives from it).
      if (error.code === 'customer_exists') created.set(p.row.row, p.id);
      else
        reject(p.row, {
          field: error.code === 'duplicate_name' ? 'name' : 'row',
          code: error.code,
          message: error.message,
        });
    }
  };
  const writeGroup = async (group: Planned[], worker: number) => {
    if (crashed) return;
    try {
      await repo.commit([...group.flatMap((p) => p.steps), ...progress(worker, group.length)]);
      for (const p of group) created.set(p.row.row, p.id);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      for (const p of group) await writeOne(p, worker);
    }
    counted(group.length);
  };
  try {
    await mapLimited(groupsOf(planned), WRITE_PARALLEL, writeGroup);
  } finally {
    if (leased) await lease.settle(tenantId, auth.userId, importId);
  }
  if (crashed) throw crashed;
  return created;
}

/** The seed of a request's customer ids: the same request (key and file) derives the same ids. */
export const requestSeed = (auth: Auth, input: ImportInput, bytes: Buffer) =>
  input.idempotencyKey
    ? createHash('sha256')
        .update(`${auth.tenantId}|${auth.userId}|${input.idempotencyKey}|${input.into}|`)
        .update(bytes)
        .digest('base64url')
    : undefined;

/** Imports a spreadsheet of customers; see the module comment for how writes and retries behave. */
export async function importCustomers(auth: Auth, input: ImportInput): Promise<ImportReport> {
  const prepared = await prepareImport(auth, input);
  return runPrepared(prepared, input);
}

/** Imports rows already prepared, in this run (the synchronous import). */
export async function runPrepared(prepared: PreparedImport, input: ImportInput): Promise<ImportReport> {
  const seed = requestSeed(prepared.auth, input, input.bytes as Buffer);
  // The lease of this import: the same request (same key and file) finds the one it took before.
  const created = await writeImport(prepared, { seed, importId: seed ?? ulid() });
  count('imported', created.size);
  return importReport(prepared, created);
}

/** The per-row report of an import, with the rejected rows as CSV. */
export const importReport = (prepared: PreparedImport, created: Map<number, string>) =>
  report(prepared.sheet, prepared.rows, created, prepared.columns);

function report(
  sheet: Sheet,
  rows: CheckedRow[],
  created: Map<number, string>,
  columns: ReturnType<typeof mapColumns>['columns'],
): ImportReport {
  const results: ImportRowResult[] = rows.map((r) => {
    const id = created.get(r.row);
    return id
      ? { row: r.row, status: 'created', customerId: id }
      : { row: r.row, status: 'rejected', errors: r.errors };
  });
  const rejected = rows.filter((r) => !created.has(r.row));
  const header = headerOfField(columns);
  return fitReport(
    { total: rows.length, created: created.size, rejected: rejected.length, rows: results },
    (n) =>
      n === 0 && rejected.length === 0
        ? null
        : writeCsv(
            [...sheet.header, '错误原因'],
            rejected.slice(0, n).map((r) => [...r.cells, reasonText(r.errors, header)]),
          ),
    REPORT_BUDGET,
  );
}
