import * as z from 'zod/mini';
import { Customer, HistoryEntry } from '../customers/schemas.ts';
import { Days, Pool, PoolId, ReclaimCause, ReclaimRules } from '../ownership/schemas.ts';
import { Cursor, Id, Instant, Limit, Name, pageOf } from '../schemas.ts';

export { Pool, PoolId, ReclaimCause, ReclaimRules };

const MAX_MEMBERS = 200;
const Ids = z.pipe(
  z.array(Id).check(z.maxLength(MAX_MEMBERS)),
  z.transform((ids) => [...new Set(ids)]),
);

export const PoolPage = pageOf(Pool);

const ReclaimInput = z.strictObject({
  enabled: z.boolean(),
  noFollowUpDays: z.optional(z.nullable(Days)),
  noDealDays: z.optional(z.nullable(Days)),
  byLevel: z.optional(z.record(Id, Days)),
  warnDays: z.optional(z.number().check(z.int(), z.gte(0), z.lte(90))),
  excludeWon: z.optional(z.boolean()),
});

const poolFields = {
  name: Name.check(z.maxLength(50)),
  memberRoleIds: z.optional(Ids),
  memberUserIds: z.optional(Ids),
  adminUserIds: z.optional(Ids),
  claimDailyLimit: z.optional(z.nullable(z.number().check(z.int(), z.gte(1), z.lte(10_000)))),
  formerOwnerCooldownDays: z.optional(z.number().check(z.int(), z.gte(0), z.lte(365))),
  /** A claim gives one of the caller's customers back (公海交换): `releaseId` on the claim. */
  exchangeRequired: z.optional(z.boolean()),
};

export const CreatePoolBody = z.strictObject({ ...poolFields, reclaim: z.optional(ReclaimInput) });
export type CreatePoolInput = z.output<typeof CreatePoolBody>;

/** Absent fields stay; `reclaim` fields given replace theirs (byLevel as a whole). */
export const UpdatePoolBody = z
  .strictObject({
    ...poolFields,
    name: z.optional(poolFields.name),
    reclaim: z.optional(z.partial(ReclaimInput)),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdatePoolInput = z.output<typeof UpdatePoolBody>;

export const PoolParams = z.strictObject({ id: PoolId });
export const PoolListQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const ReleaseBody = z.strictObject({
  /** Why (放入公海原因): an item of the poolReason dictionary. */
  reasonId: Id,
  /** The default pool when absent. */
  poolId: z.optional(PoolId),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
});
export type ReleaseInput = z.output<typeof ReleaseBody>;

export const AssignBody = z.strictObject({ userId: Id });

/** A claim from a pool with `exchangeRequired` names the customer the caller gives back, and why. */
export const ClaimBody = z.optional(
  z.strictObject({
    /** One of the caller's own active customers, released into the same pool in the claim's transaction. */
    releaseId: z.optional(Id),
    /** Why it is released (放入公海原因): an item of the poolReason dictionary. */
    reasonId: z.optional(Id),
  }),
);
export type ClaimInput = z.output<typeof ClaimBody>;

export const PreviewQuery = z.strictObject({
  /** The instant to look ahead to (default: now). */
  at: z.optional(Instant),
  limit: Limit,
  cursor: Cursor,
});

/** A due customer the previewer may not see: enough to decide about the pool, nothing private. */
export const RestrictedCustomer = z.object({
  id: Id,
  name: z.string(),
  ownerId: z.nullable(z.string()),
  ownerName: z.nullable(z.string()),
  reclaimAt: z.nullable(z.string()),
  restricted: z.literal(true),
});
export const PreviewCustomer = z.union([Customer, RestrictedCustomer]);
export type PreviewCustomer = z.infer<typeof PreviewCustomer>;
export const PreviewItem = z.object({
  customer: PreviewCustomer,
  reclaimAt: z.string(),
  cause: ReclaimCause,
});
export const Preview = z.object({
  poolId: PoolId,
  at: z.string(),
  items: z.array(PreviewItem),
  nextCursor: z.nullable(z.string()),
});

export const OwnerHistoryPage = pageOf(HistoryEntry);
export const OwnerHistoryQuery = z.strictObject({ limit: Limit, cursor: Cursor });
