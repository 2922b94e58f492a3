import { runExportJob } from './export-job.ts';
import { type ImportRunOptions, runImportJob } from './import-job.ts';
import * as repo from './repository.ts';

/**
 * Runs a background job from where it stands (the worker of the `background-jobs` stream consumer;
 * tests call it with a row budget or an injected crash). Answers whether the job has ended: a job
 * not ended yet goes on in the next run, which its checkpoint's change of the job item triggers.
 */
export async function runJob(tenantId: string, jobId: string, opts: ImportRunOptions = {}): Promise<boolean> {
  const job = await repo.getJob(tenantId, jobId);
  if (!job || job.status === 'done' || job.status === 'failed') return true;
  return job.kind === 'import' ? runImportJob(job, opts) : runExportJob(job);
}
