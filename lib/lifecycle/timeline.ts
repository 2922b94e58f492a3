import type { DynamoDBRecord } from 'aws-lambda';
import { loadVisibleCustomer } from '../customers/service.ts';
import { imagesOf } from '../db/stream.ts';
import type { Auth } from '../http/auth.ts';
import * as repo from './repository.ts';
import type { TimelineEntry } from './schemas.ts';
import { type ItemChange, TIMELINE_SOURCES } from './timeline-rules.ts';

/**
 * The customer's timeline (客户动态): written from the table's stream by one consumer, so no use
 * case can forget an entry, and read newest first, one Query a page.
 */

/** The stream consumer (lib/jobs.ts `customer-timeline`): the entries a record implies, each once. */
export async function onTimelineRecord(record: DynamoDBRecord): Promise<number> {
  const { before, after, tenantId } = imagesOf(record);
  const image = after ?? before;
  const build = image && TIMELINE_SOURCES[image.type as string];
  if (!tenantId || !build || !record.eventName) return 0;
  const change: ItemChange = { event: record.eventName, before, after };
  const written = await repo.putTimelineEntries(tenantId, build(change));
  // A merge's sources are gone: what happened to them stays on the target's timeline.
  const mergedIds = after?.mergedIds;
  if (record.eventName === 'INSERT' && after?.type === 'ownerHistory' && Array.isArray(mergedIds))
    for (const sourceId of mergedIds)
      await repo.moveTimeline(tenantId, sourceId as string, after.customerId as string);
  return written;
}

/** One page of a customer's timeline, newest first, for whoever may see the customer. */
export async function listTimeline(
  auth: Auth,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
  await loadVisibleCustomer(auth, customerId);
  return repo.timelinePage(auth.tenantId, customerId, page);
}
