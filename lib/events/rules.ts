import { createHash } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { stripKeys } from '../db/items.ts';
import { imagesOf } from '../db/stream.ts';
import { type Change, SOURCES, type Source } from './catalog.ts';
import type { DomainEvent } from './schemas.ts';

/**
 * Domain events as a pure function of the table's stream records: what a committed change was,
 * never a second write a crash could split from the first. A record is one event at most.
 */

type Item = Record<string, unknown>;

/**
 * The event's id: a hash of the stream record's own id and the event type. The stream delivers a
 * record again after a failure, and the id comes out the same, so a replay is recognisably the
 * same event (webhook deliveries are keyed by it).
 */
export function eventId(record: DynamoDBRecord, type: string): string {
  const source = record.eventID ?? `${record.dynamodb?.SequenceNumber}`;
  return `evt_${createHash('sha256').update(`${source}\n${type}`).digest('hex').slice(0, 32)}`;
}

/** The top-level fields whose values differ between two records (compared as JSON). */
export function changedFields(before: Item | undefined, after: Item | undefined): Set<string> {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out = new Set<string>();
  for (const name of names) {
    if (JSON.stringify(before?.[name]) !== JSON.stringify(after?.[name])) out.add(name);
  }
  return out;
}

/** The API representation of an item, or undefined when the item does not fit it. */
function represent(source: Source, item: Item): Item | undefined {
  const parsed = z.safeParse(source.schema, source.present ? source.present(item) : stripKeys<Item>(item));
  return parsed.success ? (parsed.data as Item) : undefined;
}

/**
 * When the change happened: the item's own time, unless the change did not move it (activity on a
 * customer keeps its `updatedAt`, lib/customers/rules.ts afterActivity), or it is gone: then the
 * stream's, which a replay of the record repeats.
 */
const when = (record: DynamoDBRecord, item: Item, before: Item | undefined) => {
  const at = item.updatedAt ?? item.at ?? item.createdAt;
  const unmoved =
    record.eventName === 'MODIFY' &&
    typeof item.updatedAt === 'string' &&
    before?.updatedAt === item.updatedAt;
  if (typeof at === 'string' && record.eventName !== 'REMOVE' && !unmoved) return at;
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  return seconds ? new Date(seconds * 1000).toISOString() : String(at);
};

export type Mapped = { event: DomainEvent } | { skipped: 'not_an_event' } | { invalid: string };

/**
 * The event a stream record is, if any. Items that are not sources, changes that are not events
 * (a copy of another item's data rewritten) map to nothing; an item that does not fit its API
 * schema is reported as `invalid` (a bug to see in the logs, not a record to retry forever).
 */
export function eventOf(record: DynamoDBRecord): Mapped {
  const { before, after, tenantId } = imagesOf(record);
  const item = after ?? before;
  const event = record.eventName;
  const source = SOURCES[String(item?.type)];
  if (!item || !tenantId || !event || !source) return { skipped: 'not_an_event' };
  const change: Change = { event, before, after };
  const data = represent(source, item);
  const previous = before && after ? represent(source, before) : undefined;
  if (!data) return { invalid: `${String(item.type)} does not fit its API schema` };
  const happened = source.what(change, changedFields(previous ?? before, data));
  if (!happened) return { skipped: 'not_an_event' };
  const type = `${source.subject}.${happened.verb}`;
  const customerId = typeof item.customerId === 'string' ? item.customerId : undefined;
  return {
    event: {
      id: eventId(record, type),
      type,
      version: 1,
      tenantId,
      occurredAt: when(record, item, before),
      actor: happened.actor ? { id: happened.actor } : null,
      subject: {
        type: source.subject,
        id: happened.subjectId ?? String(item[source.idField ?? 'id']),
        ...(source.ofCustomer && customerId ? { customerId } : {}),
      },
      data,
    },
  };
}
