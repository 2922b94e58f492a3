import { batchPut } from '../../db/batch.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import { stripper } from '../../db/items.ts';
import { type FeedOf, officeKeys as k } from '../../db/keys.ts';
import { queryPage } from '../../db/query.ts';
import type { ActivityEntry } from './projections.ts';

export type Activity = Omit<ActivityEntry, 'actorRolePath'> & { actorName: string };

const strip = stripper(['feed', 'actorRolePath']);
export const toActivity = (item: Record<string, unknown>) => strip<Activity>(item);

/** The items of an entry, one per feed (also what the bench seeds). */
export const entryItems = (tenantId: string, entry: Activity, feeds: FeedOf[]) =>
  feeds.map((feed) => ({
    ...k.activityKey(tenantId, entry.id, feed),
    type: 'activity',
    ...entry,
    ...k.feedIndexKeys(tenantId, feed, entry.at, entry.id),
  }));

/**
 * An entry in each of its feeds: plain puts of fixed keys, so writing it again changes nothing. No
 * transaction (it would cost twice): an entry in some feeds only, after a crash, is completed when
 * the stream delivers its record again.
 */
export async function putEntry(tenantId: string, entry: Activity, feeds: FeedOf[]): Promise<void> {
  await batchPut(entryItems(tenantId, entry, feeds));
}

/**
 * A page of the merge of feeds, newest first. The first feed sets the page (up to `limit`); the
 * others contribute what falls within the same stretch of time, so every entry read is returned
 * (a page may hold more than `limit` when they interleave).
 */
export async function feedPage(
  tenantId: string,
  feeds: FeedOf[],
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Activity[]; nextCursor: string | null }> {
  const fingerprint = `activity:${JSON.stringify(feeds)}`;
  const after = decodeCursor(page.cursor, tenantId, fingerprint)?.sk as string | undefined;
  const query = (feed: FeedOf, upTo?: string) => {
    const q = k.feedQuery(tenantId, feed);
    const lo = after ? `${after}~` : '0';
    return queryPage<Record<string, unknown>>({
      tenantId,
      index: q.index,
      pk: q.pk,
      sk: upTo ? { between: [lo, upTo] } : { gte: lo },
      limit: page.limit,
      fingerprint,
    });
  };
  const [first, ...rest] = feeds as [FeedOf, ...FeedOf[]];
  const lead = await query(first);
  const bound = lead.nextCursor ? (lead.items.at(-1)?.agendaByUserSk as string) : undefined;
  const others = await Promise.all(rest.map((f) => query(f, bound ?? '~')));
  // Every feed is complete up to the last entry it returned if it has more: the page ends at the
  // earliest such point, so nothing between pages is skipped.
  const cutoffs = [lead, ...others]
    .filter((q) => q.nextCursor !== null && q.items.length)
    .map((q) => q.items.at(-1)?.agendaByUserSk as string);
  const cutoff = cutoffs.sort()[0];
  const all = [...lead.items, ...others.flatMap((o) => o.items)]
    .filter((item) => !cutoff || String(item.agendaByUserSk) <= cutoff)
    .sort((a, b) => String(a.agendaByUserSk).localeCompare(String(b.agendaByUserSk)));
  const last = all.at(-1)?.agendaByUserSk as string | undefined;
  const byId = new Map(all.map((item) => [item.id as string, toActivity(item)]));
  return {
    items: [...byId.values()],
    nextCursor:
      cutoff && last ? encodeCursor({ pk: `T#${tenantId}`, sk: last }, tenantId, fingerprint) : null,
  };
}
