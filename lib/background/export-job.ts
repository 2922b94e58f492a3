import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { type ExportFile, exportCustomers } from '../customers/export.ts';
import type { ExportQuery } from '../customers/schemas.ts';
import { attachmentObjectKey } from '../db/keys.ts';
import { keyName, UPLOAD_URL_SECONDS } from '../files/rules.ts';
import * as storage from '../files/storage.ts';
import type { Auth } from '../http/auth.ts';
import * as repo from './repository.ts';

/**
 * 导出 of a large view as a background job: the worker builds the file as the synchronous export
 * does (same view, scope, bound) and stores it in the attachments' bucket, keyed under the tenant
 * and the job; the job then hands out a short-lived download link. The object keeps the pending tag
 * of an unconfirmed upload, so the bucket's lifecycle rule deletes it after two days: an export is
 * a copy to fetch, not a document to keep. A rerun (after a crash) builds and stores it again under
 * the same key: nothing is left twice.
 */

export type ExportAnswer = { file: ExportFile } | { jobId: string };

/** Exports a view: in the request up to EXPORT_SYNC_MAX_ROWS rows, as a background job beyond. */
export async function exportOrQueue(auth: Auth, query: ExportQuery): Promise<ExportAnswer> {
  const file = await exportCustomers(auth, query, { syncRows: config().EXPORT_SYNC_MAX_ROWS });
  if (file) return { file };
  const at = now().toISOString();
  const jobId = ulid();
  await repo.createJob(
    repo.queuedJob(auth, { id: jobId, kind: 'export', params: { query }, total: null }, at),
  );
  return { jobId };
}

/** Stores the bytes through a presigned PUT, the one way lib/files puts an object. */
async function store(key: string, contentType: string, body: Buffer): Promise<void> {
  const upload = await storage.presignUpload(key, contentType, body.length, UPLOAD_URL_SECONDS);
  const res = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body });
  if (!res.ok) throw new Error(`Storing the export failed: ${res.status} ${await res.text()}`);
}

/** Runs an export job to its end. */
export async function runExportJob(job: repo.JobRecord): Promise<boolean> {
  await repo.markRunning(job, now().toISOString());
  const query = (job.params as { query: ExportQuery }).query;
  const file = await exportCustomers(repo.restore(job.auth), query);
  const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
  const objectKey = attachmentObjectKey(job.tenantId, job.id, keyName(file.filename));
  await store(objectKey, file.contentType, body);
  await repo.finishJob(job, {
    status: 'done',
    at: now().toISOString(),
    processed: file.rows,
    total: file.rows,
    file: {
      fileName: file.filename,
      contentType: file.contentType,
      objectKey,
      rows: file.rows,
      truncated: file.truncated,
    },
  });
  return true;
}
