import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { publishRecord } from '#lib/events/consumers.ts';
import { logger } from '#lib/log.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of the items that are domain events' sources
 * (lib/jobs.ts `events`; the local runtime sends the same events): each becomes a domain event on
 * the bus. A record that fails is reported back and delivered again, with the same event id.
 */
export const publishEvents = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('events', event.Records, publishRecord);
};

export const handler = background('publish', publishEvents);
