import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import {
  backgroundJobChunkKey,
  backgroundJobChunksPrefix,
  backgroundJobKey,
  backgroundJobPartKey,
  backgroundJobPartsPrefix,
  backgroundJobReportKey,
} from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { isConditionFailed, transact } from '../db/write.ts';
import type { Auth } from '../http/auth.ts';
import type { Permission } from '../org/permissions.ts';
import type { JobKind, JobStatus } from './schemas.ts';

/** The item type whose inserts and changes the `background-jobs` stream consumer runs. */
export const JOB_ITEM_TYPE = 'backgroundJob';

/** Bytes of the uploaded file per part item (an item holds 400 KB at most). */
const PART_BYTES = 350_000;

/** The caller as the request saw them: the worker acts with the same rights (data scope, quota). */
export interface AuthSnapshot extends Omit<Auth, 'permissions'> {
  permissions: Permission[];
}

const snapshot = ({ permissions, ...auth }: Auth): AuthSnapshot => ({
  ...auth,
  permissions: [...permissions],
});
export const restore = ({ permissions, ...auth }: AuthSnapshot): Auth => ({
  ...auth,
  permissions: new Set(permissions),
});

export interface ExportFileRecord {
  fileName: string;
  contentType: string;
  objectKey: string;
  rows: number;
  truncated: boolean;
}

export interface JobRecord {
  id: string;
  tenantId: string;
  kind: JobKind;
  status: JobStatus;
  createdBy: string;
  auth: AuthSnapshot;
  /** The kind's own parameters: an import's target and file type, an export's query. */
  params: Record<string, unknown>;
  processed: number;
  total: number | null;
  /** The next chunk of rows to write (imports). */
  cursor: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  file: ExportFileRecord | null;
  error: { code: string; detail: string } | null;
}

const TABLE = () => tableName();

/** A job as the request queues it: this caller's, nothing processed, every outcome still open. */
export const queuedJob = (
  auth: Auth,
  job: Pick<JobRecord, 'id' | 'kind' | 'params' | 'total'>,
  at: string,
): JobRecord => ({
  ...job,
  tenantId: auth.tenantId,
  status: 'queued',
  createdBy: auth.userId,
  auth: snapshot(auth),
  processed: 0,
  cursor: 0,
  createdAt: at,
  updatedAt: at,
  finishedAt: null,
  file: null,
  error: null,
});

/**
 * Stores a new job with its file: the parts first, then the job, whose insert starts the worker
 * (so a worker never finds a job without its file).
 */
export async function createJob(job: JobRecord, file?: Buffer): Promise<void> {
  const parts: Buffer[] = [];
  for (let at = 0; file && at < file.length; at += PART_BYTES) parts.push(file.subarray(at, at + PART_BYTES));
  for (const [n, bytes] of parts.entries())
    await db().send(
      new PutCommand({
        TableName: TABLE(),
        Item: { ...backgroundJobPartKey(job.tenantId, job.id, n), type: 'backgroundJobPart', bytes },
      }),
    );
  await db().send(
    new PutCommand({
      TableName: TABLE(),
      Item: { ...backgroundJobKey(job.tenantId, job.id), type: JOB_ITEM_TYPE, ...job },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getJob(tenantId: string, jobId: string): Promise<JobRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: backgroundJobKey(tenantId, jobId), ConsistentRead: true }),
  );
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, ...job } = out.Item;
  return job as JobRecord;
}

/** The job's file, its parts joined. */
export async function readFile(tenantId: string, jobId: string): Promise<Buffer> {
  const { pk, skPrefix } = backgroundJobPartsPrefix(tenantId, jobId);
  const parts = await queryAll<{ bytes: Uint8Array }>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    consistent: true,
  });
  return Buffer.concat(parts.map((p) => Buffer.from(p.bytes)));
}

/** Raised when the job moved on meanwhile (another run advanced or finished it). */
export class JobMoved extends Error {}

/**
 * The checkpoint of an import: the chunk's per-row outcomes and the job's cursor past it, in one
 * transaction on the condition that the cursor is still at the chunk. A rerun of a chunk whose
 * checkpoint landed therefore never counts it twice.
 */
export async function checkpointChunk(
  job: JobRecord,
  chunk: number,
  outcomes: unknown[],
  rows: number,
  at: string,
): Promise<void> {
  await transact(
    [
      {
        Put: {
          TableName: TABLE(),
          Item: {
            ...backgroundJobChunkKey(job.tenantId, job.id, chunk),
            type: 'backgroundJobChunk',
            outcomes: gzipSync(JSON.stringify(outcomes)),
          },
        },
      },
      {
        Update: {
          TableName: TABLE(),
          Key: backgroundJobKey(job.tenantId, job.id),
          UpdateExpression:
            'SET #cursor = :next, #processed = #processed + :rows, #status = :running, updatedAt = :at',
          ConditionExpression: '#cursor = :chunk AND #status IN (:queued, :running)',
          ExpressionAttributeNames: { '#cursor': 'cursor', '#status': 'status', '#processed': 'processed' },
          ExpressionAttributeValues: {
            ':next': chunk + 1,
            ':chunk': chunk,
            ':rows': rows,
            ':at': at,
            ':queued': 'queued',
            ':running': 'running',
          },
        },
      },
    ],
    () => new JobMoved(`Job ${job.id} moved past chunk ${chunk} meanwhile.`),
  );
}

/** Every checkpointed chunk's outcomes, in order. */
export async function readChunks<T>(tenantId: string, jobId: string): Promise<T[]> {
  const { pk, skPrefix } = backgroundJobChunksPrefix(tenantId, jobId);
  const items = await queryAll<{ outcomes: Uint8Array }>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    consistent: true,
  });
  return items.flatMap((i) => JSON.parse(gunzipSync(Buffer.from(i.outcomes)).toString('utf8')) as T[]);
}

/** Marks the job running (the worker took it up); nothing when it moved on already. */
export async function markRunning(job: JobRecord, at: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: backgroundJobKey(job.tenantId, job.id),
        UpdateExpression: 'SET #status = :running, updatedAt = :at',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':at': at },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/**
 * Ends the job (done or failed) with what it made: an import's report (gzipped, beside the job),
 * an export's file. Only once: a second run's finish finds it ended and changes nothing.
 */
export async function finishJob(
  job: JobRecord,
  end: {
    status: 'done' | 'failed';
    at: string;
    processed: number;
    total: number | null;
    report?: unknown;
    file?: ExportFileRecord;
    error?: { code: string; detail: string };
  },
): Promise<void> {
  const update = {
    Update: {
      TableName: TABLE(),
      Key: backgroundJobKey(job.tenantId, job.id),
      UpdateExpression:
        'SET #status = :status, #processed = :processed, #total = :total, updatedAt = :at, finishedAt = :at, #file = :file, #error = :error',
      ConditionExpression: '#status IN (:queued, :running)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#processed': 'processed',
        '#total': 'total',
        '#file': 'file',
        '#error': 'error',
      },
      ExpressionAttributeValues: {
        ':status': end.status,
        ':processed': end.processed,
        ':total': end.total,
        ':at': end.at,
        ':file': end.file ?? null,
        ':error': end.error ?? null,
        ':queued': 'queued',
        ':running': 'running',
      },
    },
  };
  const report =
    end.report === undefined
      ? []
      : [
          {
            Put: {
              TableName: TABLE(),
              Item: {
                ...backgroundJobReportKey(job.tenantId, job.id),
                type: 'backgroundJobReport',
                report: gzipSync(JSON.stringify(end.report)),
              },
            },
          },
        ];
  try {
    await transact([update, ...report], () => new JobMoved(`Job ${job.id} ended meanwhile.`));
  } catch (error) {
    if (!(error instanceof JobMoved)) throw error;
  }
}

export async function getReport(tenantId: string, jobId: string): Promise<unknown> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: backgroundJobReportKey(tenantId, jobId) }),
  );
  const bytes = out.Item?.report as Uint8Array | undefined;
  return bytes ? JSON.parse(gunzipSync(Buffer.from(bytes)).toString('utf8')) : null;
}
