import { addSeconds } from 'date-fns';
import { now } from '../clock.ts';
import { contentDisposition, DOWNLOAD_URL_SECONDS } from '../files/rules.ts';
import * as storage from '../files/storage.ts';
import type { Auth } from '../http/auth.ts';
import { NotFound } from '../http/errors.ts';
import * as repo from './repository.ts';
import type { Job } from './schemas.ts';

/**
 * A job as its owner sees it. Only the user who started a job sees it (404 for anyone else, an
 * administrator too): an import's report repeats the uploaded rows, an export holds what the
 * starter's data scope showed; an administrator runs their own export to see the same data.
 */
export async function getJob(auth: Auth, id: string): Promise<Job> {
  const job = await repo.getJob(auth.tenantId, id);
  if (!job || job.createdBy !== auth.userId) throw new NotFound('job');
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    processed: job.processed,
    total: job.total,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
    result: job.status !== 'done' ? null : await resultOf(job),
    error: job.error,
  };
}

async function resultOf(job: repo.JobRecord): Promise<Job['result']> {
  if (job.kind === 'import') return (await repo.getReport(job.tenantId, job.id)) as Job['result'];
  const file = job.file;
  if (!file) return null;
  return {
    fileName: file.fileName,
    contentType: file.contentType,
    rows: file.rows,
    truncated: file.truncated,
    download: {
      url: await storage.presignDownload(
        file.objectKey,
        contentDisposition(file.fileName),
        DOWNLOAD_URL_SECONDS,
      ),
      expiresAt: addSeconds(now(), DOWNLOAD_URL_SECONDS).toISOString(),
    },
  };
}
