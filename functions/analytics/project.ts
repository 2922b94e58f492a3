import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type ChangeRecord, project } from '#lib/analytics/projector.ts';
import { logger } from '#lib/log.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of counted items (lib/jobs.ts `analytics`; the local
 * runtime polls DynamoDB Local's stream and sends the same events). Records from the first one
 * that fails onwards are reported back, so the stream retries them; applied ones are not counted twice.
 */
export const projectChanges = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  const failed = await project(event.Records as ChangeRecord[]);
  return { batchItemFailures: failed.map((r) => ({ itemIdentifier: sequenceOf(r) })) };
};

const sequenceOf = (record: ChangeRecord) =>
  (record.dynamodb as { SequenceNumber?: string } | undefined)?.SequenceNumber ?? '';

export const handler = background('project', projectChanges);
