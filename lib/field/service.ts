import { ulid } from 'ulid';
import { linkable, linkSteps } from '../attachment-links/links.ts';
import { now } from '../clock.ts';
import { commit } from '../customers/repository.ts';
import { mapLimited } from '../customers/service.ts';
import type { GeoList } from '../db/keys.ts';
import type { Step } from '../db/write.ts';
import { dayRange, localDate } from '../followups/rules.ts';
import { addFollowUp } from '../followups/service.ts';
import { distanceM, toWgs84 } from '../geo.ts';
import type { Auth } from '../http/auth.ts';
import { Forbidden, NotFound } from '../http/errors.ts';
import { getUser } from '../org/repository.ts';
import { isAbove } from '../org/rules.ts';
import { seesPoolCustomer } from '../ownership/access.ts';
import { getSettings, getSiblings, tenantTimezone } from '../settings/repository.ts';
import { labelKey } from '../settings/rules.ts';
import * as repo from './repository.ts';
import {
  type CellEntry,
  DEFAULT_CHECKIN_RADIUS_M,
  inNearbyView,
  nearbyPage,
  placeOf,
  searchRuns,
  visitSeries,
} from './rules.ts';
import type {
  Checkin,
  CheckinListQuery,
  CreateCheckinInput,
  NearbyCustomer,
  NearbyQuery,
  NearbyView,
  VisitStatsQuery,
} from './schemas.ts';

/**
 * Field sales (外勤): nearby customers from the geo cells lib/customers keeps with each located
 * customer, check-ins (定位签到) that count as visits, and visit analytics.
 */

// ---- nearby customers --------------------------------------------------------------------------

/** Queries of cell runs in flight at once for one search. */
const CELL_CONCURRENCY = 8;

const seesCompany = (auth: Auth) => auth.isAdmin || auth.permissions.has('customers.viewAll');

function listOf(auth: Auth, view: NearbyView): GeoList {
  switch (view) {
    case 'mine':
      return { kind: 'owner', ownerId: auth.userId };
    case 'pool':
      return { kind: 'pool' };
    case 'company':
      if (!seesCompany(auth))
        throw new Forbidden('The company view needs the customers.viewAll permission.', 'missing_permission');
      return { kind: 'active' };
    case 'subordinates':
      return { kind: 'active' };
  }
}

/**
 * The customers within `radiusM` of a point that the caller's view holds, nearest first (附近客户).
 * The circle is covered by runs of geohash cells, each one ranged Query on the view's cell
 * partitions; what is read beyond the circle is the cells' corners outside it. `read` reports the
 * items read (the bench's read amplification is read / found).
 */
export async function nearby(auth: Auth, q: NearbyQuery) {
  const center = toWgs84({ lat: q.lat, lng: q.lng }, q.coordSystem);
  const list = listOf(auth, q.view);
  const { runs } = searchRuns(center, q.radiusM);
  const results = await mapLimited(runs, CELL_CONCURRENCY, (run) => repo.cellRun(auth.tenantId, list, run));
  const viewer = {
    userId: auth.userId,
    rolePath: auth.rolePath,
    isAdmin: auth.isAdmin,
    seesCompany: seesCompany(auth),
  };
  const pools = new Map<string, Promise<boolean>>();
  const seesPool = (poolId: string | null) => {
    const key = poolId ?? '';
    if (!pools.has(key)) pools.set(key, seesPoolCustomer(auth, poolId));
    return pools.get(key) as Promise<boolean>;
  };
  const found: NearbyCustomer[] = [];
  for (const e of results.flatMap((r) => r.entries)) {
    const d = distanceM(center, { lat: e.lat, lng: e.lng });
    if (d > q.radiusM || !inNearbyView(viewer, q.view, e)) continue;
    if (e.state === 'pool' && !(await seesPool(e.poolId))) continue;
    found.push(present(e, d));
  }
  const page = nearbyPage(
    found,
    { limit: q.limit, cursor: q.cursor },
    auth.tenantId,
    `nearby:${q.view}:${center.lat}:${center.lng}:${q.radiusM}`,
  );
  return {
    ...page,
    read: results.reduce((n, r) => n + r.read, 0),
    found: found.length,
    queries: runs.length,
  };
}

const present = (e: CellEntry, d: number): NearbyCustomer => ({
  id: e.customerId,
  name: e.name,
  state: e.state,
  ownerId: e.ownerId,
  ownerName: e.ownerName,
  poolId: e.poolId,
  location: { lat: e.lat, lng: e.lng },
  distanceM: Math.round(d),
});

// ---- check-ins ---------------------------------------------------------------------------------

/** The tenant's visit channel (渠道 拜访) if it still has one: a check-in's follow-up records it. */
async function visitChannel(tenantId: string): Promise<string | undefined> {
  const root = await getSiblings(tenantId, 'channel', null);
  return root?.childLabels[labelKey('拜访')];
}

/**
 * A check-in by the caller (定位签到). At a customer it is a visit: its distance to the customer's
 * location decides `offsite` (beyond the tenant's checkinRadiusM), and it is recorded as a follow-up
 * (channel 拜访) through lib/followups, in the same transaction, so it moves the customer's last
 * follow-up and reclaim clock exactly as any follow-up does. Visiting needs the rights a follow-up
 * needs (the customer's owner, superiors, shared users). Its photos are the caller's confirmed
 * uploads, moved onto the check-in in the same transaction (lib/attachment-links).
 */
export async function checkIn(auth: Auth, input: CreateCheckinInput): Promise<Checkin> {
  const at = now();
  const iso = at.toISOString();
  const location = toWgs84(input.location, input.coordSystem);
  const [settings, photos] = await Promise.all([
    getSettings(auth.tenantId),
    linkable(auth.tenantId, auth.userId, input.attachmentIds ?? [], 'checkin', 'body.attachmentIds'),
  ]);
  const radiusM = settings.checkinRadiusM ?? DEFAULT_CHECKIN_RADIUS_M;
  const id = ulid(at.getTime());
  const withPhotos = (steps: Step[]) => [
    ...steps,
    ...linkSteps(auth.tenantId, photos, { kind: 'checkin', id }),
  ];
  const base = {
    id,
    userId: auth.userId,
    userName: auth.userName,
    location,
    accuracyM: input.location.accuracyM ?? null,
    address: input.address ?? null,
    note: input.note ?? null,
    radiusM,
    checkedInAt: iso,
    checkedOutAt: null,
    durationS: null,
    attachments: photos.map((p) => p.summary),
    version: 1,
  };
  if (!input.customerId) {
    const checkin: Checkin = {
      ...base,
      customerId: null,
      customerName: null,
      distanceM: null,
      offsite: null,
      followupId: null,
    };
    await commit(
      withPhotos(repo.newCheckinSteps(auth.tenantId, { ...checkin, userRolePath: auth.rolePath })),
    );
    return checkin;
  }
  const channel = await visitChannel(auth.tenantId);
  let made: Checkin | undefined;
  await addFollowUp(
    auth,
    input.customerId,
    {
      content: input.note ?? `拜访签到${input.address ? `：${input.address}` : ''}`,
      ...(channel ? { channel } : {}),
      occurredAt: iso,
    },
    {
      with: (record, customer) => {
        made = {
          ...base,
          customerId: customer.id,
          customerName: customer.name,
          ...placeOf(location, customer.location, radiusM),
          followupId: record.id,
        };
        return withPhotos(repo.newCheckinSteps(auth.tenantId, { ...made, userRolePath: auth.rolePath }));
      },
    },
  );
  return made as Checkin;
}

/** A check-in the caller may see: their own, or a subordinate's (by their role when it was made). */
async function loadCheckin(auth: Auth, id: string) {
  const c = await repo.getCheckin(auth.tenantId, id);
  if (!c || !(c.userId === auth.userId || auth.isAdmin || isAbove(auth.rolePath, c.userRolePath)))
    throw new NotFound('check-in');
  return c;
}

export async function getCheckin(auth: Auth, id: string): Promise<Checkin> {
  const { userRolePath: _, ...c } = await loadCheckin(auth, id);
  return c;
}

/** Checks out of one's own check-in: the visit's duration (签退). */
export async function checkOut(auth: Auth, id: string): Promise<Checkin> {
  const { userRolePath: _, ...c } = await loadCheckin(auth, id);
  if (c.userId !== auth.userId) throw new Forbidden('Only who checked in checks out.', 'not_yours');
  const at = now().toISOString();
  const durationS = Math.max(0, Math.round((Date.parse(at) - Date.parse(c.checkedInAt)) / 1000));
  await repo.checkOut(auth.tenantId, c, at, durationS);
  return { ...c, checkedOutAt: at, durationS, version: c.version + 1 };
}

/** Whose check-ins the caller asks for: themself, or a user below them (403 for others, 404 unknown). */
async function subject(auth: Auth, userId: string | undefined): Promise<string> {
  if (!userId || userId === auth.userId) return auth.userId;
  const user = await getUser(auth.tenantId, userId);
  if (!user) throw new NotFound('user');
  if (!auth.isAdmin && !auth.permissions.has('analytics.viewAll') && !isAbove(auth.rolePath, user.rolePath))
    throw new Forbidden('Only your own and your subordinates’ check-ins.', 'not_subordinate');
  return user.id;
}

/** Tenant-local dates as instants, today when absent. */
async function dates(auth: Auth, from: string | undefined, to: string | undefined) {
  const timezone = await tenantTimezone(auth);
  const today = localDate(now(), timezone);
  return {
    timezone,
    from: dayRange(from ?? today, timezone).from,
    to: dayRange(to ?? from ?? today, timezone).to,
  };
}

/** A user's check-ins over tenant-local days (default today), newest first. */
export async function listCheckins(auth: Auth, q: CheckinListQuery) {
  const userId = await subject(auth, q.userId);
  const range = await dates(auth, q.from, q.to);
  return repo.listCheckins(auth.tenantId, userId, range, { limit: q.limit, cursor: q.cursor });
}

/** Visits per day, week or month of one rep (the caller or a subordinate), with the offsite share. */
export async function visitStats(auth: Auth, q: VisitStatsQuery) {
  const userId = await subject(auth, q.userId);
  const range = await dates(auth, q.from, q.to);
  const checkins = await repo.allCheckins(auth.tenantId, userId, range);
  return visitSeries(checkins, { from: q.from, to: q.to, interval: q.interval }, range.timezone);
}
