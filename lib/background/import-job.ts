import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import {
  type ImportInput,
  importReport,
  prepareImport,
  requestSeed,
  runPrepared,
  writeImport,
} from '../customers/import.ts';
import { derivedId, type ImportError, type ImportReport } from '../customers/sheet-rules.ts';
import type { Auth } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { count } from '../metrics.ts';
import * as repo from './repository.ts';

/**
 * 导入 of a large file as a background job. The request reads and checks the file (a file that
 * cannot be imported is refused there, with nothing stored) and stores it with the job; the worker
 * then writes the rows chunk by chunk through the import of lib/customers.
 *
 * Exactly once: every row's customer id derives from the job and the row number, and a customer is
 * created only where none has that id, so a rerun of a chunk finds the rows it wrote (reported as
 * created) and writes only the rest. After each chunk, its per-row outcomes and the job's cursor
 * move in one transaction on the condition that the cursor is still at that chunk: a worker that
 * crashed before its checkpoint repeats only its chunk, one that crashed after goes on from the next.
 */

/** Rows written between two checkpoints (one stream invocation each in AWS). */
export const CHUNK_ROWS = 500;

export type ImportAnswer = { report: ImportReport } | { jobId: string };

/** Per-row outcome of a checkpointed chunk. */
type Outcome = { row: number; customerId: string } | { row: number; errors: ImportError[] };

const rowSeed = (tenantId: string, jobId: string) =>
  createHash('sha256').update(`${tenantId}|job|${jobId}`).digest('base64url');

/**
 * Imports a file: in the request when it has at most IMPORT_SYNC_MAX_ROWS rows (today's report),
 * as a background job otherwise. With an Idempotency-Key the job's id derives from the request, so
 * a retry that finds the job answers it rather than starting a second one.
 */
export async function importOrQueue(auth: Auth, input: ImportInput): Promise<ImportAnswer> {
  const prepared = await prepareImport(auth, input);
  if (prepared.rows.length <= config().IMPORT_SYNC_MAX_ROWS)
    return { report: await runPrepared(prepared, input) };
  const bytes = input.bytes as Buffer;
  const seed = requestSeed(auth, input, bytes);
  const jobId = seed ? derivedId(seed, 0) : ulid();
  if (seed && (await repo.getJob(auth.tenantId, jobId))) return { jobId };
  const at = now().toISOString();
  await repo.createJob(
    repo.queuedJob(
      auth,
      {
        id: jobId,
        kind: 'import',
        params: { into: input.into, contentType: input.contentType },
        total: prepared.rows.length,
      },
      at,
    ),
    bytes,
  );
  return { jobId };
}

export interface ImportRunOptions {
  /** Chunks to write in this run (all that are left by default): a run with a row budget. */
  chunks?: number;
  /** Failure injection for tests: the run dies once this many rows are written, before its checkpoint. */
  crashAfterRows?: number;
}

/** Runs (or resumes) an import job; answers whether it is finished. */
export async function runImportJob(job: repo.JobRecord, opts: ImportRunOptions = {}): Promise<boolean> {
  const auth = repo.restore(job.auth);
  const bytes = await repo.readFile(job.tenantId, job.id);
  const params = job.params as { into: 'mine' | 'pool'; contentType: string };
  let prepared: Awaited<ReturnType<typeof prepareImport>>;
  try {
    prepared = await prepareImport(auth, { into: params.into, bytes, contentType: params.contentType });
  } catch (error) {
    // What changed since the request (a custom field removed, a permission taken away) ends the job.
    if (!(error instanceof HttpError)) throw error;
    const at = now().toISOString();
    await repo.finishJob(job, {
      status: 'failed',
      at,
      processed: job.processed,
      total: job.total,
      error: { code: error.code, detail: error.message },
    });
    return true;
  }
  await repo.markRunning(job, now().toISOString());

  const seed = rowSeed(job.tenantId, job.id);
  const chunks = Math.ceil(prepared.rows.length / CHUNK_ROWS);
  let written = 0;
  for (let chunk = job.cursor, left = opts.chunks ?? chunks; chunk < chunks && left > 0; chunk++, left--) {
    const slice = prepared.rows.slice(chunk * CHUNK_ROWS, (chunk + 1) * CHUNK_ROWS);
    const inChunk = new Set(slice.map((r) => r.row));
    const created = await writeImport(prepared, {
      seed,
      importId: `${seed}.${chunk}`,
      only: (row) => inChunk.has(row),
      ...(opts.crashAfterRows !== undefined ? { crashAfterRows: opts.crashAfterRows - written } : {}),
    });
    written += slice.length;
    const outcomes: Outcome[] = slice.map((r) => {
      const customerId = created.get(r.row);
      return customerId ? { row: r.row, customerId } : { row: r.row, errors: r.errors };
    });
    try {
      await repo.checkpointChunk(job, chunk, outcomes, slice.length, now().toISOString());
    } catch (error) {
      // Another run checkpointed this chunk meanwhile: it carries on from there.
      if (error instanceof repo.JobMoved) return false;
      throw error;
    }
    // Counted by the run whose checkpoint won, so a resumed chunk is not counted twice.
    count('imported', outcomes.filter((o) => 'customerId' in o).length);
    job.cursor = chunk + 1;
    job.processed += slice.length;
  }
  if (job.cursor < chunks) return false;

  const outcomes = await repo.readChunks<Outcome>(job.tenantId, job.id);
  const created = new Map<number, string>();
  const byRow = new Map(prepared.rows.map((r) => [r.row, r]));
  for (const o of outcomes) {
    if ('customerId' in o) created.set(o.row, o.customerId);
    else {
      const row = byRow.get(o.row);
      if (row) row.errors = o.errors;
    }
  }
  await repo.finishJob(job, {
    status: 'done',
    at: now().toISOString(),
    processed: prepared.rows.length,
    total: prepared.rows.length,
    report: importReport(prepared, created),
  });
  return true;
}
