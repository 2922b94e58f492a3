import * as z from 'zod/mini';
import { ImportReport } from '../customers/schemas.ts';
import { Id } from '../schemas.ts';

/** What a background job does: a large import or export of customers (lib/customers). */
export const JOB_KINDS = ['import', 'export'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const ExportResult = z.object({
  fileName: z.string(),
  contentType: z.string(),
  rows: z.number().check(z.int()),
  /** More customers matched than an export takes: the file holds the first ones. */
  truncated: z.boolean(),
  /** A short-lived URL of the file; GET the job again for a fresh one. */
  download: z.object({ url: z.string(), expiresAt: z.iso.datetime() }),
});

export const Job = z.object({
  id: Id,
  kind: z.enum(JOB_KINDS),
  status: z.enum(JOB_STATUSES),
  /** Rows done so far (an import counts its file's rows; an export counts once, at the end). */
  processed: z.number().check(z.int()),
  total: z.nullable(z.number().check(z.int())),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  finishedAt: z.nullable(z.iso.datetime()),
  /** Once done: an import's per-row report (as a synchronous import answers it), an export's file. */
  result: z.nullable(z.union([ImportReport, ExportResult])),
  /** Why a job failed (a problem's code and detail). */
  error: z.nullable(z.object({ code: z.string(), detail: z.string() })),
});
export type Job = z.output<typeof Job>;
