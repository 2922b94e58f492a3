import { BadRequest } from '../../http/errors.ts';
import type { NotifyInput } from '../../notifications/schemas.ts';
import type { EventRecord } from './record.ts';
import { countBefore, expand, isOccurrence, lastStartDate, type Occurrence } from './recurrence.ts';
import type { UpdateEventInput } from './schemas.ts';
import { addDays, dayBefore, floating, localDates, midnightOf } from './wall-time.ts';

/**
 * The instants an event runs: an instant stays as it is; a date (all-day) is local midnight, and an
 * all-day end date is the last day (exclusive end: the midnight after it).
 */
export function timesOf(
  input: { startsAt: string; endsAt: string; allDay: boolean },
  zone: string,
): { startsAt: string; endsAt: string } {
  const date = (v: string) => (v.includes('T') ? floating(v, zone).toISOString().slice(0, 10) : v);
  const times = input.allDay
    ? {
        startsAt: midnightOf(date(input.startsAt), zone),
        endsAt: midnightOf(addDays(date(input.endsAt), 1), zone),
      }
    : { startsAt: new Date(input.startsAt).toISOString(), endsAt: new Date(input.endsAt).toISOString() };
  if (times.endsAt <= times.startsAt)
    throw new BadRequest('The event ends before it starts.', [
      { path: 'body.endsAt', code: 'ends_before_start', message: 'endsAt must be after startsAt' },
    ]);
  if (Date.parse(times.endsAt) - Date.parse(times.startsAt) > 31 * 86_400_000)
    throw new BadRequest('An event lasts at most 31 days.', [
      { path: 'body.endsAt', code: 'too_long', message: 'An event lasts at most 31 days' },
    ]);
  return times;
}

/** At most this many calendar entries per event (one per person and day; a transaction holds 100 writes). */
const MAX_ENTRIES = 45;

/** The calendar entries of an event: per person and local day, or per person for a series. */
export function entriesOf(
  e: EventRecord,
): Array<{ userId: string; date: string | null; lastDate: string | null }> {
  const people = Object.keys(e.people);
  if (e.recurrence) {
    const last = lastStartDate(e);
    const spanDays = Math.ceil((Date.parse(e.endsAt) - Date.parse(e.startsAt)) / 86_400_000);
    return people.map((userId) => ({ userId, date: null, lastDate: last ? addDays(last, spanDays) : null }));
  }
  const dates = localDates(e.startsAt, e.endsAt, e.timezone);
  if (dates.length * people.length > MAX_ENTRIES)
    throw new BadRequest(`An event spans at most ${MAX_ENTRIES} person-days (people × days).`, [
      { path: 'body.participantIds', code: 'too_many_entries', message: 'Fewer people or fewer days' },
    ]);
  return people.flatMap((userId) => dates.map((date) => ({ userId, date, lastDate: null })));
}

/** Applies the fields of an edit to a whole event (a series, or a one-off event). */
export function applyEdit(
  e: EventRecord,
  patch: UpdateEventInput,
  people: Record<string, { name: string }>,
  at: string,
): EventRecord {
  const times =
    patch.startsAt !== undefined || patch.endsAt !== undefined
      ? timesOf(
          {
            startsAt: patch.startsAt ?? e.startsAt,
            endsAt:
              patch.endsAt ??
              (e.allDay ? addDays(floating(e.endsAt, e.timezone).toISOString().slice(0, 10), -1) : e.endsAt),
            allDay: e.allDay,
          },
          e.timezone,
        )
      : undefined;
  const next: EventRecord = {
    ...e,
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.location !== undefined ? { location: patch.location } : {}),
    ...(patch.private !== undefined ? { private: patch.private } : {}),
    ...(patch.recurrence !== undefined ? { recurrence: patch.recurrence } : {}),
    ...(patch.remindMinutesBefore !== undefined
      ? { remindMinutesBefore: [...new Set(patch.remindMinutesBefore)].sort((a, b) => a - b) }
      : {}),
    ...(times ?? {}),
    updatedAt: at,
    version: e.version + 1,
  };
  if (patch.participantIds) {
    const kept: EventRecord['people'] = {
      [e.organizerId]: e.people[e.organizerId] as EventRecord['people'][string],
    };
    for (const id of patch.participantIds)
      if (id !== e.organizerId)
        kept[id] = e.people[id] ?? { name: people[id]?.name ?? '', response: 'pending' };
    next.people = kept;
  }
  // Moved or deleted occurrences are named by the series' old times: a new rhythm drops them.
  if ((times?.startsAt !== undefined && times.startsAt !== e.startsAt) || patch.recurrence !== undefined) {
    next.overrides = {};
    next.exdates = [];
  }
  return next;
}

export function checkOccurrence(e: EventRecord, occurrence: string): string {
  const iso = new Date(occurrence).toISOString();
  if (!(iso in e.overrides) && !isOccurrence(e, iso))
    throw new BadRequest('No occurrence of this event starts then.', [
      {
        path: 'query.occurrence',
        code: 'unknown_occurrence',
        message: 'Give the original startsAt of an occurrence',
      },
    ]);
  return iso;
}

/** Moves or changes one occurrence of a series (scope=this). */
export function editOccurrence(
  e: EventRecord,
  occurrence: string,
  patch: UpdateEventInput,
  at: string,
): EventRecord {
  const other = Object.keys(patch).filter((f) => !['startsAt', 'endsAt', 'title', 'location'].includes(f));
  if (other.length)
    throw new BadRequest(
      'One occurrence changes only its times, title and location.',
      other.map((f) => ({
        path: `body.${f}`,
        code: 'not_per_occurrence',
        message: 'Change it for the series (scope=all) or from here on (scope=following)',
      })),
    );
  const current = expand(e, occurrence, new Date(Date.parse(occurrence) + 1).toISOString()).find(
    (o) => o.occurrence === occurrence,
  ) ??
    e.overrides[occurrence] ?? { startsAt: occurrence, endsAt: occurrence };
  const allDayEnd = (v: Occurrence | { endsAt: string }) =>
    addDays(floating(v.endsAt, e.timezone).toISOString().slice(0, 10), -1);
  const times =
    patch.startsAt !== undefined || patch.endsAt !== undefined
      ? timesOf(
          {
            startsAt: patch.startsAt ?? current.startsAt,
            endsAt: patch.endsAt ?? (e.allDay ? allDayEnd(current) : current.endsAt),
            allDay: e.allDay,
          },
          e.timezone,
        )
      : { startsAt: current.startsAt, endsAt: current.endsAt };
  const before = e.overrides[occurrence];
  return {
    ...e,
    overrides: {
      ...e.overrides,
      [occurrence]: {
        ...before,
        ...times,
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.location !== undefined ? { location: patch.location } : {}),
      },
    },
    updatedAt: at,
    version: e.version + 1,
  };
}

/** Deletes one occurrence of a series (scope=this). */
export const dropOccurrence = (e: EventRecord, occurrence: string, at: string): EventRecord => ({
  ...e,
  exdates: [...new Set([...e.exdates, occurrence])],
  overrides: Object.fromEntries(Object.entries(e.overrides).filter(([k]) => k !== occurrence)),
  updatedAt: at,
  version: e.version + 1,
});

const before = <T>(map: Record<string, T>, occurrence: string, keep: boolean) =>
  Object.fromEntries(Object.entries(map).filter(([k]) => k < occurrence === keep));

/**
 * Splits a series at an occurrence (scope=following): the old series ends the day before it (or
 * after as many occurrences as came before it), a new one starts with it and runs what was left.
 */
export function splitAt(
  e: EventRecord,
  occurrence: string,
  newId: string,
  at: string,
): { head: EventRecord; tail: EventRecord } {
  const r = e.recurrence;
  if (!r) throw new Error('only a series splits');
  const done = countBefore({ ...e, recurrence: r }, occurrence);
  const head: EventRecord = {
    ...e,
    recurrence: r.count
      ? { ...r, count: done }
      : { ...r, until: dayBefore(occurrence, e.timezone), count: undefined },
    exdates: e.exdates.filter((d) => d < occurrence),
    overrides: before(e.overrides, occurrence, true),
    updatedAt: at,
    version: e.version + 1,
  };
  const duration = Date.parse(e.endsAt) - Date.parse(e.startsAt);
  const tail: EventRecord = {
    ...e,
    id: newId,
    startsAt: occurrence,
    endsAt: new Date(Date.parse(occurrence) + duration).toISOString(),
    recurrence: r.count ? { ...r, count: r.count - done } : r,
    exdates: e.exdates.filter((d) => d >= occurrence),
    overrides: before(e.overrides, occurrence, false),
    occurrenceResponses: Object.fromEntries(
      Object.entries(e.occurrenceResponses).filter(([k]) => (k.split('@')[1] ?? '') >= occurrence),
    ),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  if (e.allDay)
    tail.endsAt = midnightOf(
      addDays(floating(occurrence, e.timezone).toISOString().slice(0, 10), Math.round(duration / 86_400_000)),
      e.timezone,
    );
  return { head, tail };
}

const YEAR_MS = 366 * 86_400_000;

/** The first reminder instant of an event at or after `after` (strictly after when `strict`), or null. */
export function nextReminder(e: EventRecord, after: string, strict = false): string | null {
  if (!e.remindMinutesBefore.length) return null;
  const lead = Math.max(...e.remindMinutesBefore) * 60_000;
  const to = new Date(Date.parse(after) + lead + YEAR_MS).toISOString();
  let best: string | null = null;
  for (const o of expand(e, after, to)) {
    for (const n of e.remindMinutesBefore) {
      const instant = new Date(Date.parse(o.startsAt) - n * 60_000).toISOString();
      if ((strict ? instant > after : instant >= after) && (!best || instant < best)) best = instant;
    }
    if (best && o.startsAt > best) break;
  }
  return best;
}

/** The reminders due at an instant: each occurrence and lead time whose reminder falls then. */
export function remindersAt(
  e: EventRecord,
  instant: string,
): Array<{ occurrence: Occurrence; minutes: number }> {
  const lead = Math.max(0, ...e.remindMinutesBefore) * 60_000;
  const to = new Date(Date.parse(instant) + lead + 1).toISOString();
  return expand(e, instant, to).flatMap((occurrence) =>
    e.remindMinutesBefore
      .filter((n) => new Date(Date.parse(occurrence.startsAt) - n * 60_000).toISOString() === instant)
      .map((minutes) => ({ occurrence, minutes })),
  );
}

export function eventReminder(
  e: Pick<EventRecord, 'id' | 'title' | 'location'>,
  occurrence: Occurrence,
  minutes: number,
  localStart: string,
): NotifyInput {
  return {
    kind: 'eventReminder',
    title: `日程提醒：${e.title}`,
    body: `「${e.title}」将于 ${localStart} 开始${e.location ? `，地点：${e.location}` : ''}`,
    link: `/v1/events/${e.id}`,
    dedupeKey: `event-remind:${e.id}:${occurrence.occurrence}:${minutes}`,
  };
}
