import { createHash } from 'node:crypto';
import { GEO_PARTITION_PRECISION } from '../db/keys.ts';
import { coveringRuns, distanceM, type Point } from '../geo.ts';
import { BadRequest } from '../http/errors.ts';
import { localDate } from '../local-time.ts';
import { isAbove } from '../org/rules.ts';
import type { NearbyView } from './schemas.ts';

/** Pure decisions of field sales: offsite check-ins, who sees a nearby customer, nearby pages, visit series. */

export const DEFAULT_CHECKIN_RADIUS_M = 500;

/** The finest cells a nearby search takes (precision 8: about 38 x 19 m). */
const MAX_CELL_PRECISION = 8;

/** The runs of geohash cells that cover a nearby search's circle, one ranged Query each. */
export const searchRuns = (center: Point, radiusM: number) =>
  coveringRuns(center, radiusM, {
    minPrecision: GEO_PARTITION_PRECISION,
    maxPrecision: MAX_CELL_PRECISION,
    partitionPrecision: GEO_PARTITION_PRECISION,
  });

/** Where a check-in stands to its customer: the distance (metres) and whether it is beyond the radius. */
export function placeOf(
  at: Point,
  customer: Point | null | undefined,
  radiusM: number,
): { distanceM: number | null; offsite: boolean | null } {
  if (!customer) return { distanceM: null, offsite: null };
  const d = Math.round(distanceM(at, customer));
  return { distanceM: d, offsite: d > radiusM };
}

/** What a geo cell item tells of its customer (lib/customers/geo-items.ts). */
export interface CellEntry {
  customerId: string;
  name: string;
  lat: number;
  lng: number;
  state: 'active' | 'pool';
  ownerId: string | null;
  ownerName: string | null;
  ownerRolePath: string | null;
  poolId: string | null;
  private: boolean;
  shares: string[];
}

export interface NearbyViewer {
  userId: string;
  rolePath: string;
  isAdmin: boolean;
  seesCompany: boolean;
}

/**
 * Whether a customer read from the view's cells belongs to the view for this caller: mine and pool
 * cells hold only what the view shows (pool membership aside, checked by the service); the company
 * view hides private customers from those who see them only through the company permission (as
 * lib/customers canSee); subordinates keeps customers of owners strictly below the caller.
 */
export function inNearbyView(viewer: NearbyViewer, view: NearbyView, e: CellEntry): boolean {
  const below = e.ownerRolePath !== null && isAbove(viewer.rolePath, e.ownerRolePath);
  switch (view) {
    case 'mine':
      return e.ownerId === viewer.userId;
    case 'pool':
      return e.state === 'pool';
    case 'subordinates':
      return below;
    case 'company':
      return (
        viewer.isAdmin ||
        !e.private ||
        e.ownerId === viewer.userId ||
        below ||
        e.shares.includes(viewer.userId)
      );
  }
}

// ---- nearby pages ------------------------------------------------------------------------------

export interface Ranked {
  distanceM: number;
  id: string;
}

const byDistance = (a: Ranked, b: Ranked) =>
  a.distanceM - b.distanceM || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const fingerprint = (tenantId: string, query: string) =>
  createHash('sha256').update(`${tenantId}\n${query}`).digest('base64url').slice(0, 16);

/** The place a nearby page ended, bound to the tenant and the search (lat, lng, radius, view). */
export function nearbyCursor(last: Ranked, tenantId: string, query: string): string {
  return Buffer.from(
    JSON.stringify({ d: last.distanceM, i: last.id, f: fingerprint(tenantId, query) }),
  ).toString('base64url');
}

function afterCursor(cursor: string, tenantId: string, query: string): Ranked {
  const invalid = new BadRequest('The cursor is not valid for this search.', [
    { path: 'query.cursor', code: 'invalid_cursor', message: 'Use the nextCursor of the same search.' },
  ]);
  try {
    const { d, i, f } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof d !== 'number' || typeof i !== 'string' || f !== fingerprint(tenantId, query)) throw invalid;
    return { distanceM: d, id: i };
  } catch {
    throw invalid;
  }
}

/** Nearest first (ties by id), the page after the cursor, and the cursor of the next page. */
export function nearbyPage<T extends Ranked>(
  found: T[],
  page: { limit: number; cursor?: string | undefined },
  tenantId: string,
  query: string,
): { items: T[]; nextCursor: string | null } {
  const sorted = [...found].sort(byDistance);
  const after = page.cursor ? afterCursor(page.cursor, tenantId, query) : undefined;
  const rest = after ? sorted.filter((r) => byDistance(r, after) > 0) : sorted;
  const items = rest.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rest.length > page.limit && last ? nearbyCursor(last, tenantId, query) : null };
}

// ---- visit analytics ---------------------------------------------------------------------------

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The start of the period (tenant-local date) a date falls in: itself, its Monday, its month's first. */
export function periodOf(date: string, interval: 'day' | 'week' | 'month'): string {
  if (interval === 'day') return date;
  if (interval === 'month') return `${date.slice(0, 7)}-01`;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

const share = (offsite: number, visits: number) =>
  visits ? Math.round((offsite / visits) * 1000) / 1000 : null;

/**
 * Visits (check-ins at a customer) per period from `from` to `to` in the tenant's zone, with how
 * many were offsite: every period of the range appears, empty ones with zeros (a chart's x axis).
 */
export function visitSeries(
  checkins: Array<{ checkedInAt: string; customerId: string | null; offsite: boolean | null }>,
  range: { from: string; to: string; interval: 'day' | 'week' | 'month' },
  timezone: string,
) {
  const periods = new Map<string, { visits: number; offsite: number }>();
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
    periods.set(periodOf(d, range.interval), { visits: 0, offsite: 0 });
  }
  for (const c of checkins) {
    if (!c.customerId) continue;
    const p = periods.get(periodOf(localDate(c.checkedInAt, timezone), range.interval));
    if (!p) continue;
    p.visits += 1;
    if (c.offsite) p.offsite += 1;
  }
  const series = [...periods].map(([period, p]) => ({
    period,
    ...p,
    offsiteShare: share(p.offsite, p.visits),
  }));
  const visits = series.reduce((n, p) => n + p.visits, 0);
  const offsite = series.reduce((n, p) => n + p.offsite, 0);
  return {
    interval: range.interval,
    series,
    total: { visits, offsite, offsiteShare: share(offsite, visits) },
  };
}
