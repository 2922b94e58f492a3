import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { onActivity } from '#lib/office/activity/service.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of follow-ups, tasks and work logs (lib/jobs.ts
 * `office-activity`): each becomes an entry in its actor's and their superiors' roles' feeds.
 */
export const projectActivity = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('office-activity', event.Records, onActivity);
};

export const handler = background('project-activity', projectActivity);
