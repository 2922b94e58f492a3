import type { DynamoDBRecord } from 'aws-lambda';
import { logger } from '../log.ts';
import { publisher } from './publisher.ts';
import { eventOf } from './rules.ts';

/**
 * The events consumer (lib/jobs.ts `events`): each stream record of a source item becomes at most
 * one domain event, published. A failure sends the record back to the stream; its replay publishes
 * an event with the same id, which the consumers recognise.
 */
export async function publishRecord(record: DynamoDBRecord): Promise<number> {
  const mapped = eventOf(record);
  if ('invalid' in mapped) {
    logger.error('events: a stored item does not fit its API schema; no event', {
      eventId: record.eventID,
      reason: mapped.invalid,
    });
    return 0;
  }
  if (!('event' in mapped)) return 0;
  await publisher().publish([mapped.event]);
  return 1;
}
