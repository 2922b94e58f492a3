import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { onAnnouncementChanged } from '#lib/office/consumers.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of announcements (lib/jobs.ts `announcement-fanout`):
 * each reaches its audience's inboxes. A failed record is delivered again; the fan-out resumes.
 */
export const announcementFanout = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('announcement-fanout', event.Records, onAnnouncementChanged);
};

export const handler = background('announcement-fanout', announcementFanout);
