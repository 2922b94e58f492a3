import { TZDate } from '@date-fns/tz';

/**
 * Tenant-local calendar fields of an instant, read from a TZDate: what date-fns `format` printed,
 * without its formatters and en-US locale (about 12 KB a function). Throws a RangeError for an
 * invalid instant or time zone, as `format` did.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function fields(at: Date | string | number, timezone: string) {
  const local = new TZDate(new Date(at).getTime(), timezone);
  const y = local.getFullYear();
  if (Number.isNaN(y)) throw new RangeError('Invalid time value');
  return { y, m: local.getMonth() + 1, d: local.getDate(), h: local.getHours(), min: local.getMinutes() };
}

/** The local calendar date of an instant in a time zone, `yyyy-MM-dd`. */
export function localDate(at: Date | string | number, timezone: string): string {
  const f = fields(at, timezone);
  return `${pad(f.y, 4)}-${pad(f.m)}-${pad(f.d)}`;
}

/** The local date and time of an instant in a time zone, `yyyy-MM-dd HH:mm`. */
export function localDateTime(at: Date | string | number, timezone: string): string {
  const f = fields(at, timezone);
  return `${pad(f.y, 4)}-${pad(f.m)}-${pad(f.d)} ${pad(f.h)}:${pad(f.min)}`;
}
