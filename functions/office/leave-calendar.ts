import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { onLeaveDecided } from '#lib/office/leave.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of approval requests (lib/jobs.ts `leave-calendar`;
 * the local runtime sends the same events): approved leave goes on the submitter's calendar.
 */
export const leaveCalendar = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('leave-calendar', event.Records, onLeaveDecided);
};

export const handler = background('leave-calendar', leaveCalendar);
