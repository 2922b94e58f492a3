import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { onUserChanged } from '#lib/office/user-changed.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of user items (lib/jobs.ts `office-owner-sync`): when a
 * user's role or name changed, their tasks, work logs and activity entries follow. A record that
 * fails is reported back and delivered again; the rewrite resumes.
 */
export const userChanged = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('office-owner-sync', event.Records, onUserChanged);
};

export const handler = background('office-owner-sync', userChanged);
