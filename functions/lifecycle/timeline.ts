import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { onTimelineRecord } from '#lib/lifecycle/timeline.ts';
import { logger } from '#lib/log.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of the items a customer's timeline tells (lib/jobs.ts
 * `customer-timeline`). Each entry is written once, whatever the deliveries; a failed record is
 * reported back and delivered again.
 */
export const timelineChanged = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('customer-timeline', event.Records, onTimelineRecord);
};

export const handler = background('timeline', timelineChanged);
