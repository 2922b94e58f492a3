import * as z from 'zod/mini';
import { CoordSystem, Location } from '../customers/schemas.ts';
import { Cursor, Id, IdParams, LocalDate, pageOf } from '../schemas.ts';

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const Coordinate = (min: number, max: number) => z.coerce.number().check(z.gte(min), z.lte(max));

/** The widest nearby search (20 km), and the default (1 km). */
export const MAX_NEARBY_RADIUS_M = 20_000;

// ---- nearby customers (附近客户) ------------------------------------------------------------------

export const NEARBY_VIEWS = ['mine', 'pool', 'subordinates', 'company'] as const;
export type NearbyView = (typeof NEARBY_VIEWS)[number];

export const NearbyQuery = z.strictObject({
  lat: Coordinate(-90, 90),
  lng: Coordinate(-180, 180),
  coordSystem: z.optional(CoordSystem),
  radiusM: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_NEARBY_RADIUS_M)), 1000),
  view: z._default(z.enum(NEARBY_VIEWS), 'mine'),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: Cursor,
});
export type NearbyQuery = z.output<typeof NearbyQuery>;

export const NearbyCustomer = z.object({
  id: Id,
  name: z.string(),
  state: z.enum(['active', 'pool']),
  ownerId: z.nullable(Id),
  ownerName: z.nullable(z.string()),
  poolId: z.nullable(z.string()),
  location: Location,
  /** From the search point, rounded to the metre. */
  distanceM: z.number().check(z.int()),
});
export type NearbyCustomer = z.infer<typeof NearbyCustomer>;
export const NearbyPage = pageOf(NearbyCustomer);

// ---- check-ins (定位签到, 拜访) ---------------------------------------------------------------------

export const CheckinLocation = z.strictObject({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lng: z.number().check(z.gte(-180), z.lte(180)),
  /** The device's accuracy radius in metres. */
  accuracyM: z.optional(z.number().check(z.gte(0), z.lte(100_000))),
});

/** Photos on one check-in (each moves in the check-in's transaction). */
export const MAX_CHECKIN_PHOTOS = 9;

export const CheckinAttachment = z.object({
  id: Id,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().check(z.int()),
});

export const CreateCheckinBody = z.strictObject({
  /** The customer visited: the check-in then counts as a follow-up (channel 拜访). */
  customerId: z.optional(Id),
  location: CheckinLocation,
  coordSystem: z.optional(CoordSystem),
  address: z.optional(Text(500)),
  note: z.optional(Text(2000)),
  /** Photos: the caller's confirmed uploads (POST /v1/attachments), moved onto the check-in. */
  attachmentIds: z.optional(
    z.array(Id).check(
      z.maxLength(MAX_CHECKIN_PHOTOS),
      z.refine((ids) => new Set(ids).size === ids.length, 'Each attachment once'),
    ),
  ),
});
export type CreateCheckinInput = z.output<typeof CreateCheckinBody>;

export const Checkin = z.object({
  id: Id,
  userId: Id,
  userName: z.string(),
  customerId: z.nullable(Id),
  customerName: z.nullable(z.string()),
  /** WGS-84, converted when sent as GCJ-02. */
  location: Location,
  accuracyM: z.nullable(z.number()),
  address: z.nullable(z.string()),
  note: z.nullable(z.string()),
  /** Metres to the customer's location (null without a customer or a customer location). */
  distanceM: z.nullable(z.number().check(z.int())),
  /** Farther from the customer than the tenant's checkinRadiusM (null when there is no distance). */
  offsite: z.nullable(z.boolean()),
  radiusM: z.number().check(z.int()),
  /** The follow-up record (channel 拜访) the check-in wrote for its customer. */
  followupId: z.nullable(Id),
  checkedInAt: z.string(),
  checkedOutAt: z.nullable(z.string()),
  /** Seconds between check-in and check-out. */
  durationS: z.nullable(z.number().check(z.int())),
  /** Its photos (attachments with the check-in as their target; GET /v1/attachments/{id} downloads one). */
  attachments: z._default(z.array(CheckinAttachment), []),
  version: z.number().check(z.int()),
});
export type Checkin = z.infer<typeof Checkin>;
export const CheckinPage = pageOf(Checkin);

export const CheckinListQuery = z
  .strictObject({
    /** Whose check-ins: the caller (default) or a subordinate. */
    userId: z.optional(Id),
    /** Tenant-local dates, both included (default today). */
    from: z.optional(LocalDate),
    to: z.optional(LocalDate),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
    cursor: Cursor,
  })
  .check(
    z.refine((q) => !q.from || !q.to || q.from <= q.to, {
      path: ['to'],
      message: 'to cannot be before from',
    }),
  );
export type CheckinListQuery = z.output<typeof CheckinListQuery>;

export { IdParams };

// ---- visit analytics (拜访统计) -------------------------------------------------------------------

export const VisitStatsQuery = z
  .strictObject({
    from: LocalDate,
    to: LocalDate,
    interval: z._default(z.enum(['day', 'week', 'month']), 'day'),
    userId: z.optional(Id),
  })
  .check(z.refine((q) => q.from <= q.to, { path: ['to'], message: 'to cannot be before from' }));
export type VisitStatsQuery = z.output<typeof VisitStatsQuery>;

export const VisitStats = z.object({
  interval: z.enum(['day', 'week', 'month']),
  /** One point per period start (tenant-local date), oldest first, chart-ready. */
  series: z.array(
    z.object({
      period: z.string(),
      visits: z.number().check(z.int()),
      offsite: z.number().check(z.int()),
      offsiteShare: z.nullable(z.number()),
    }),
  ),
  total: z.object({
    visits: z.number().check(z.int()),
    offsite: z.number().check(z.int()),
    offsiteShare: z.nullable(z.number()),
  }),
});
