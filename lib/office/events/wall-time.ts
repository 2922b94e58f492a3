import { TZDate } from '@date-fns/tz';

/**
 * Wall times in a zone ("floating" dates: each local wall time written as if it were UTC), local
 * dates and midnights. Apart from recurrence.ts so that what only needs days and midnights
 * (work logs, the workbench, leave) does not bundle rrule.
 */

/** The wall time of an instant in a zone, as a floating Date (its UTC fields are the wall time). */
export function floating(instant: string | number, zone: string): Date {
  const z = new TZDate(new Date(instant).getTime(), zone);
  return new Date(
    Date.UTC(z.getFullYear(), z.getMonth(), z.getDate(), z.getHours(), z.getMinutes(), z.getSeconds()),
  );
}

/** The instant of a floating wall time in a zone. */
export function instantOf(wall: Date, zone: string): string {
  const local = new TZDate(
    wall.getUTCFullYear(),
    wall.getUTCMonth(),
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    zone,
  );
  return new Date(local.getTime()).toISOString();
}

/** Local midnight of a date (`YYYY-MM-DD`) in a zone, as an instant. */
export const midnightOf = (date: string, zone: string) => instantOf(new Date(`${date}T00:00:00.000Z`), zone);

export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The local date before an occurrence's: the last day a series cut there still runs. */
export const dayBefore = (occurrence: string, zone: string) =>
  addDays(floating(occurrence, zone).toISOString().slice(0, 10), -1);

/** The local dates an interval touches (its end exclusive), in a zone. */
export function localDates(startsAt: string, endsAt: string, zone: string): string[] {
  const first = floating(startsAt, zone).toISOString().slice(0, 10);
  const lastInstant = Math.max(Date.parse(startsAt), Date.parse(endsAt) - 1);
  const last = floating(lastInstant, zone).toISOString().slice(0, 10);
  const dates = [first];
  while ((dates.at(-1) as string) < last) dates.push(addDays(dates.at(-1) as string, 1));
  return dates;
}
