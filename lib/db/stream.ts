import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { logger } from '../log.ts';
import { tenantOfKey } from './keys.ts';
import { unpacked } from './packed.ts';

/**
 * What the stream consumers (lib/jobs.ts `streamConsumers`) share: a record's images as plain
 * items, and the delivery contract of Lambda's event source with ReportBatchItemFailures.
 */

export type Item = Record<string, unknown>;

/** An image as the consumers read items: a packed record's attributes unpacked (packed.ts). */
const decode = (raw: unknown) =>
  raw ? unpacked(unmarshall(raw as Record<string, AttributeValue>) as Item) : undefined;

/** The item before and after the change (NEW_AND_OLD_IMAGES), and its tenant. */
export function imagesOf(record: DynamoDBRecord) {
  const before = decode(record.dynamodb?.OldImage);
  const after = decode(record.dynamodb?.NewImage);
  const pk = (after ?? before)?.pk;
  return { before, after, tenantId: typeof pk === 'string' ? tenantOfKey(pk) : undefined };
}

/**
 * Handles the records one by one, in stream order. The first that fails is reported back with every
 * record after it, so the event source delivers them again, in order, and nothing after a failed
 * record is applied before it (the handlers are idempotent: a record delivered twice changes nothing
 * the second time).
 */
export async function eachInOrder(
  consumer: string,
  records: DynamoDBRecord[],
  handle: (record: DynamoDBRecord) => Promise<unknown>,
): Promise<DynamoDBBatchResponse> {
  for (const [i, record] of records.entries()) {
    try {
      await handle(record);
    } catch (error) {
      logger.error(`${consumer}: stream record failed; the stream delivers it again`, {
        eventId: record.eventID,
        error,
      });
      return {
        batchItemFailures: records
          .slice(i)
          .map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
      };
    }
  }
  return { batchItemFailures: [] };
}
