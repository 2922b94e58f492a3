import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { runJob } from '#lib/background/worker.ts';
import { logger } from '#lib/log.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream for each new or changed background job (lib/jobs.ts
 * `background-jobs`; the local runtime sends the same event). One run writes one chunk and
 * checkpoints it; the checkpoint changes the job item, and that change invokes the next run, so a
 * job of any size goes on in runs that each fit the timeout. A run that fails is retried by the
 * stream and resumes from the job's checkpoint.
 */
export const runJobs = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const tenantId = image?.tenantId?.S;
    const jobId = image?.id?.S;
    const status = image?.status?.S;
    if (!tenantId || !jobId || status === 'done' || status === 'failed') continue;
    await runJob(tenantId, jobId, { chunks: 1 });
  }
  return { batchItemFailures: [] };
};

export const handler = background('background-jobs', runJobs);
