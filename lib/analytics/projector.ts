import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { tenantOfKey } from '../db/keys.ts';
import { logger } from '../log.ts';
import { getSettings } from '../settings/repository.ts';
import { applyAllOnce } from './repository.ts';
import { delta } from './rules.ts';

/** The parts of a DynamoDB stream record the projection reads (Lambda's and DynamoDB Local's alike). */
export interface ChangeRecord {
  eventID?: string | undefined;
  dynamodb?:
    | {
        Keys?: Record<string, unknown> | undefined;
        NewImage?: Record<string, unknown> | undefined;
        OldImage?: Record<string, unknown> | undefined;
      }
    | undefined;
}

const image = (raw: Record<string, unknown> | undefined) =>
  raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;

/**
 * Applies a batch of stream records to the aggregates, in order, each at most once. Returns the
 * records that failed, first failure onwards (the stream retries from there; the ones already
 * applied are recognised and skipped).
 */
export async function project(records: ChangeRecord[]): Promise<ChangeRecord[]> {
  const zones = new Map<string, Promise<string>>();
  const zoneOf = (tenantId: string) => {
    let zone = zones.get(tenantId);
    if (!zone) {
      zone = getSettings(tenantId).then((s) => s.timezone);
      zones.set(tenantId, zone);
    }
    return zone;
  };
  // Consecutive records of one tenant are applied together (lib/analytics/repository.applyAllOnce).
  let start = 0;
  while (start < records.length) {
    let end = start;
    try {
      const segment: Array<{ eventId: string; counters: ReturnType<typeof delta> }> = [];
      let tenant: string | undefined;
      for (; end < records.length; end += 1) {
        const record = records[end] as ChangeRecord;
        const before = image(record.dynamodb?.OldImage);
        const after = image(record.dynamodb?.NewImage);
        const pk = (after ?? before)?.pk;
        const tenantId = typeof pk === 'string' ? tenantOfKey(pk) : undefined;
        if (!tenantId || !record.eventID) continue;
        if (tenant && tenantId !== tenant) break;
        tenant = tenantId;
        segment.push({ eventId: record.eventID, counters: delta(before, after, await zoneOf(tenantId)) });
      }
      if (tenant) await applyAllOnce(tenant, segment);
    } catch (error) {
      logger.error('analytics: stream records could not be applied', {
        eventId: records[start]?.eventID,
        error,
      });
      return records.slice(start);
    }
    start = Math.max(end, start + 1);
  }
  return [];
}
