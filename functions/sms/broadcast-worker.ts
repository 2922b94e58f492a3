import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#lib/log.ts';
import { runBroadcast } from '#lib/sms/worker.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream for each new broadcast item (lib/jobs.ts `sms-broadcasts`; the
 * local runtime sends the same event). A broadcast not finished in this invocation (out of time,
 * or held by a run that has not let go yet) is reported back, so the stream retries it and the
 * next run resumes where this one stopped.
 */
export const broadcastWorker = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const tenantId = image?.tenantId?.S;
    const broadcastId = image?.id?.S;
    if (!tenantId || !broadcastId) continue;
    const outcome = await runBroadcast(tenantId, broadcastId, {
      remainingMs: () => context.getRemainingTimeInMillis(),
    });
    if (outcome === 'busy' || outcome === 'incomplete')
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
  }
  return { batchItemFailures };
};

export const handler = background('broadcast-worker', broadcastWorker);
