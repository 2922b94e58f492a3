import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../db/client.ts';
import { atVersion } from '../../db/items.ts';
import { type Key, officeKeys as k } from '../../db/keys.ts';
import { queryAll, scheduledBetween } from '../../db/query.ts';
import { commitSteps, deleteStep, isConditionFailed, NEW_ITEM, putStep, type Step } from '../../db/write.ts';
import { Conflict, PreconditionFailed } from '../../http/errors.ts';
import { toRecord } from './load.ts';
import { type EventRecord, publicEvent } from './record.ts';
import { entriesOf } from './rules.ts';
import type { Response } from './schemas.ts';

/**
 * Events' reads and writes. An event and its calendar entries change in one transaction at the
 * event's version; an answer (RSVP) is one attribute of the event and of the person's entries, so
 * answers of different people never overwrite each other.
 */

export class StaleEvent extends PreconditionFailed {}

export const eventItem = (tenantId: string, e: EventRecord) => ({
  ...k.eventKey(tenantId, e.id),
  type: 'event',
  ...e,
  ...k.eventReminderKeys(tenantId, e.id, e.nextReminderAt),
});

type Entry = ReturnType<typeof entriesOf>[number];
const entryKey = (tenantId: string, id: string, x: Entry): Key =>
  x.date ? k.eventDayKey(tenantId, id, x.userId, x.date) : k.eventSeriesKey(tenantId, id, x.userId);

/** A person's copy of the event on their calendar (the whole record: a series expands from it). */
export const entryItem = (tenantId: string, e: EventRecord, x: Entry) => ({
  ...entryKey(tenantId, e.id, x),
  type: 'eventEntry',
  ...e,
  nextReminderAt: null,
  whose: x.userId,
  ...(x.date
    ? k.eventDayIndexKeys(tenantId, x.userId, x.date, e.id)
    : k.eventSeriesIndexKeys(tenantId, x.userId, x.lastDate, e.id)),
});

/** The writes that take an event from `before` (absent: new) to `after` (absent: deleted). */
export function eventSteps(
  tenantId: string,
  before: EventRecord | undefined,
  after: EventRecord | undefined,
): Step[] {
  const steps: Step[] = [];
  const id = (after ?? before)?.id as string;
  if (after)
    steps.push(
      putStep(
        eventItem(tenantId, after),
        () => new StaleEvent(),
        before ? atVersion(before.version) : NEW_ITEM,
      ),
    );
  else
    steps.push(
      deleteStep(
        k.eventKey(tenantId, id),
        () => new StaleEvent(),
        atVersion((before as EventRecord).version),
      ),
    );
  const now = new Map(
    (after ? entriesOf(after) : []).map((x) => [JSON.stringify(entryKey(tenantId, id, x)), x]),
  );
  for (const x of now.values())
    steps.push(putStep(entryItem(tenantId, after as EventRecord, x), () => new StaleEvent()));
  if (before)
    for (const x of entriesOf(before)) {
      const key = entryKey(tenantId, id, x);
      if (!now.has(JSON.stringify(key))) steps.push(deleteStep(key, () => new StaleEvent()));
    }
  return steps;
}

export const commit = (steps: Step[]) =>
  commitSteps(steps, { exhausted: () => new Conflict('busy', 'The event is busy; retry.') });

/**
 * One person's answer, to the series or to one occurrence: the event and that person's entries
 * (one Update each, in one transaction; the person must still be on the event).
 */
export async function answer(
  tenantId: string,
  e: EventRecord,
  userId: string,
  response: Response,
  occurrence?: string,
) {
  const path = occurrence ? 'occurrenceResponses.#k' : 'people.#u.#r';
  const names: Record<string, string> = occurrence
    ? { '#k': `${userId}@${occurrence}` }
    : { '#u': userId, '#r': 'response' };
  const update = (key: Key, bump: boolean): Step => ({
    item: {
      Update: {
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET ${path} = :r${bump ? ' ADD version :one' : ''}`,
        ConditionExpression: 'attribute_exists(people.#p)',
        ExpressionAttributeNames: { ...names, '#p': userId },
        ExpressionAttributeValues: { ':r': response, ...(bump ? { ':one': 1 } : {}) },
      },
    },
    fail: () => new Conflict('not_invited', 'You are no longer on this event.'),
  });
  const mine = entriesOf(e).filter((x) => x.userId === userId);
  await commit([
    update(k.eventKey(tenantId, e.id), true),
    ...mine.map((x) => update(entryKey(tenantId, e.id, x), false)),
  ]);
}

type Item = Record<string, unknown>;

/** A user's calendar entries over local dates: one-off events on those days, and series still running. */
export async function calendarOf(
  tenantId: string,
  userId: string,
  range: { fromDate: string; toDate: string; to: string },
): Promise<EventRecord[]> {
  const { fromDate, toDate } = range;
  const days = k.calendarDaysQuery(tenantId, userId, fromDate, toDate);
  const series = k.calendarSeriesQuery(tenantId, userId, fromDate);
  const [oneOff, recurring] = await Promise.all([
    queryAll<Item>({ tenantId, index: days.index, pk: days.pk, sk: { between: days.between } }),
    queryAll<Item>({
      tenantId,
      index: series.index,
      pk: series.pk,
      sk: { gte: series.gte },
      // Residue: series that start after the range (the few a user has ahead of them).
      filter: { expression: 'startsAt <= :toEnd', values: { ':toEnd': range.to } },
    }),
  ]);
  const byId = new Map<string, EventRecord>();
  for (const item of [...oneOff, ...recurring]) byId.set(item.id as string, toRecord(item));
  return [...byId.values()];
}

export const publicOf = publicEvent;

// ---- reminders job -----------------------------------------------------------------------------

export async function* eventsDue(
  day: string,
  from: string,
  to: string,
): AsyncGenerator<EventRecord & { tenantId: string }> {
  for await (const { item, tenantId } of scheduledBetween(k.eventsDueQuery(day, from, to)))
    yield { ...toRecord(item), tenantId };
}

/** Moves an event's reminder on from the one just sent; nothing when the event changed meanwhile. */
export async function advanceReminder(
  tenantId: string,
  e: EventRecord,
  next: string | null,
): Promise<boolean> {
  const keys = k.eventReminderKeys(tenantId, e.id, next);
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: k.eventKey(tenantId, e.id),
        UpdateExpression: next
          ? 'SET nextReminderAt = :next, scheduledPk = :pk, scheduledSk = :sk'
          : 'SET nextReminderAt = :next REMOVE scheduledPk, scheduledSk',
        ConditionExpression: 'nextReminderAt = :current',
        ExpressionAttributeValues: {
          ':current': e.nextReminderAt,
          ':next': next,
          ...(next ? { ':pk': keys.scheduledPk, ':sk': keys.scheduledSk } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
