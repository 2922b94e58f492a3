import * as rrule from 'rrule';
import { floating, instantOf } from './wall-time.ts';

/**
 * Recurring events expanded in the event's time zone. rrule computes in "floating" time: each
 * local wall time is written as if it were UTC, the rule runs on those, and every result is read
 * back as that wall time in the zone. So a 09:00 meeting stays at 09:00 across a daylight-saving
 * change, and an all-day event starts at local midnight whatever the length of the day.
 */

// rrule ships CommonJS as `main` (Node, tests) and ESM as `module` (the bundles): both shapes.
const lib = (
  'RRule' in rrule ? rrule : (rrule as unknown as { default: typeof rrule }).default
) as typeof rrule;

export type Freq = 'daily' | 'weekly' | 'monthly' | 'yearly';
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

export interface Recurrence {
  freq: Freq;
  interval?: number | undefined;
  byWeekday?: Weekday[] | undefined;
  /** The last local date an occurrence may start on (inclusive). */
  until?: string | undefined;
  count?: number | undefined;
}

/** What expansion needs of an event: its first occurrence, zone and exceptions. */
export interface Series {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timezone: string;
  recurrence: Recurrence | null;
  /** Occurrences (their original start) left out of the series. */
  exdates?: string[] | undefined;
  /** Occurrences moved or changed, by original start. */
  overrides?: Record<string, { startsAt: string; endsAt: string }> | undefined;
}

export interface Occurrence {
  /** The original start of the occurrence: its id within the series. */
  occurrence: string;
  startsAt: string;
  endsAt: string;
}

const DAY_MS = 86_400_000;
const FREQ = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY', yearly: 'YEARLY' } as const;

function ruleOf(s: Series & { recurrence: Recurrence }): rrule.RRule {
  const r = s.recurrence;
  return new lib.RRule({
    // Read from rrule at the call, not at module load: a bundle that never expands drops rrule.
    freq: lib.RRule[FREQ[r.freq]],
    interval: r.interval ?? 1,
    dtstart: floating(s.startsAt, s.timezone),
    ...(r.byWeekday?.length ? { byweekday: r.byWeekday.map((d) => lib.RRule[d]) } : {}),
    ...(r.count ? { count: r.count } : {}),
    ...(r.until ? { until: new Date(`${r.until}T23:59:59.999Z`) } : {}),
  });
}

/** How an occurrence starting at a wall time ends: the same duration, in days for all-day events. */
function occurrenceAt(s: Series, wall: Date): Occurrence {
  const startsAt = instantOf(wall, s.timezone);
  if (!s.allDay) {
    const ms = Date.parse(s.endsAt) - Date.parse(s.startsAt);
    return { occurrence: startsAt, startsAt, endsAt: new Date(Date.parse(startsAt) + ms).toISOString() };
  }
  const days = Math.round(
    (floating(s.endsAt, s.timezone).getTime() - floating(s.startsAt, s.timezone).getTime()) / DAY_MS,
  );
  return {
    occurrence: startsAt,
    startsAt,
    endsAt: instantOf(new Date(wall.getTime() + days * DAY_MS), s.timezone),
  };
}

const overlaps = (o: Occurrence, from: string, to: string) => o.startsAt < to && o.endsAt > from;

/** Longest an occurrence may last (what expansion looks back for occurrences still running). */
const MAX_SPAN_MS = 62 * DAY_MS;

/**
 * The occurrences of a series that overlap [from, to), in start order: rule occurrences less the
 * excluded ones, with the moved ones at their new times.
 */
export function expand(s: Series, from: string, to: string): Occurrence[] {
  const all: Occurrence[] = [];
  if (!s.recurrence) all.push({ occurrence: s.startsAt, startsAt: s.startsAt, endsAt: s.endsAt });
  else {
    const lo = floating(Date.parse(from) - MAX_SPAN_MS, s.timezone);
    const hi = floating(to, s.timezone);
    for (const wall of ruleOf({ ...s, recurrence: s.recurrence }).between(lo, hi, true))
      all.push(occurrenceAt(s, wall));
  }
  const excluded = new Set(s.exdates ?? []);
  // A moved occurrence may have moved into the range from outside the rule's window: it counts too.
  const moved = Object.entries(s.overrides ?? {}).map(([occurrence, o]) => ({ occurrence, ...o }));
  const byOccurrence = new Map(all.map((o) => [o.occurrence, o]));
  for (const m of moved) byOccurrence.set(m.occurrence, m);
  return [...byOccurrence.values()]
    .filter((o) => !excluded.has(o.occurrence) && overlaps(o, from, to))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Whether `occurrence` is an occurrence of the series (a valid `occurrence=` of an edit). */
export function isOccurrence(s: Series, occurrence: string): boolean {
  if (!s.recurrence) return occurrence === s.startsAt;
  const wall = floating(occurrence, s.timezone);
  const hit = ruleOf({ ...s, recurrence: s.recurrence }).between(wall, wall, true);
  return hit.length > 0 && instantOf(hit[0] as Date, s.timezone) === occurrence;
}

/** How many rule occurrences start before `occurrence` (a count-bound split). */
export function countBefore(s: Series & { recurrence: Recurrence }, occurrence: string): number {
  const start = floating(s.startsAt, s.timezone).getTime();
  return ruleOf(s).between(new Date(start - 1), floating(occurrence, s.timezone), false).length;
}

/** The local date of the last occurrence's start, or null for an endless series. */
export function lastStartDate(s: Series): string | null {
  if (!s.recurrence) return null;
  if (!s.recurrence.until && !s.recurrence.count) return null;
  const last = ruleOf({ ...s, recurrence: s.recurrence })
    .all((_, i) => i < 5000)
    .pop();
  return last ? last.toISOString().slice(0, 10) : floating(s.startsAt, s.timezone).toISOString().slice(0, 10);
}
