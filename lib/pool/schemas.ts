import * as z from 'zod';
import { Customer, HistoryEntry, PoolId } from '../customers/schemas.ts';
import { Cursor, Id, Instant, Limit, Name, pageOf } from '../schemas.ts';

export { PoolId };

/** Day counts of the pool rules: a year and a half at most, so instants stay far from overflow. */
const Days = z.number().int().min(1).max(550);
const MAX_MEMBERS = 200;
const Ids = z
  .array(Id)
  .max(MAX_MEMBERS)
  .transform((ids) => [...new Set(ids)]);

export const ReclaimRules = z.object({
  enabled: z.boolean(),
  /** Back to the pool after this many days without a follow-up (null: this rule is off). */
  noFollowUpDays: Days.nullable(),
  /** Back to the pool after this many days without a won deal (null: this rule is off). */
  noDealDays: Days.nullable(),
  /** Per customer level (level dictionary id): replaces noFollowUpDays for customers of that level. */
  byLevel: z.record(z.string(), z.number().int()),
  /** How many days before reclaimAt the owner is warned (view=reclaim-soon). */
  warnDays: z.number().int(),
  /** Customers with a won deal are never reclaimed. */
  excludeWon: z.boolean(),
});
export type ReclaimRules = z.infer<typeof ReclaimRules>;

export const Pool = z.object({
  id: PoolId,
  name: z.string(),
  /** The pool every tenant starts with; it cannot be deleted. */
  isDefault: z.boolean(),
  /** Members by role: a role includes every role below it. */
  memberRoleIds: z.array(Id),
  memberUserIds: z.array(Id),
  /** Pool administrators: members who may also assign the pool's customers. */
  adminUserIds: z.array(Id),
  /** How many customers one user may claim from the pool per tenant-local day (null: no limit). */
  claimDailyLimit: z.number().int().nullable(),
  /** For how many days the last owner of a released customer may not claim it back. */
  formerOwnerCooldownDays: z.number().int(),
  reclaim: ReclaimRules,
  /** Bumped when the reclaim rules change: the background recompute works towards this version. */
  rulesVersion: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Pool = z.infer<typeof Pool>;
export const PoolPage = pageOf(Pool);

const ReclaimInput = z.strictObject({
  enabled: z.boolean(),
  noFollowUpDays: Days.nullable().optional(),
  noDealDays: Days.nullable().optional(),
  byLevel: z.record(Id, Days).optional(),
  warnDays: z.number().int().min(0).max(90).optional(),
  excludeWon: z.boolean().optional(),
});

const poolFields = {
  name: Name.max(50),
  memberRoleIds: Ids.optional(),
  memberUserIds: Ids.optional(),
  adminUserIds: Ids.optional(),
  claimDailyLimit: z.number().int().min(1).max(10_000).nullable().optional(),
  formerOwnerCooldownDays: z.number().int().min(0).max(365).optional(),
};

export const CreatePoolBody = z.strictObject({ ...poolFields, reclaim: ReclaimInput.optional() });
export type CreatePoolInput = z.output<typeof CreatePoolBody>;

/** Absent fields stay; `reclaim` fields given replace theirs (byLevel as a whole). */
export const UpdatePoolBody = z
  .strictObject({
    ...poolFields,
    name: poolFields.name.optional(),
    reclaim: ReclaimInput.partial().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export type UpdatePoolInput = z.output<typeof UpdatePoolBody>;

export const PoolParams = z.strictObject({ id: PoolId });
export const PoolListQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const ReleaseBody = z.strictObject({
  /** Why (放入公海原因): an item of the poolReason dictionary. */
  reasonId: Id,
  /** The default pool when absent. */
  poolId: PoolId.optional(),
  note: z.string().trim().min(1).max(500).optional(),
});
export type ReleaseInput = z.output<typeof ReleaseBody>;

export const AssignBody = z.strictObject({ userId: Id });

export const PreviewQuery = z.strictObject({
  /** The instant to look ahead to (default: now). */
  at: Instant.optional(),
  limit: Limit,
  cursor: Cursor,
});

export const ReclaimCause = z.enum(['noFollowUp', 'noDeal']);
export type ReclaimCause = z.infer<typeof ReclaimCause>;

/** A due customer the previewer may not see: enough to decide about the pool, nothing private. */
export const RestrictedCustomer = z.object({
  id: Id,
  name: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  reclaimAt: z.string().nullable(),
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
  nextCursor: z.string().nullable(),
});

export const OwnerHistoryPage = pageOf(HistoryEntry);
export const OwnerHistoryQuery = z.strictObject({ limit: Limit, cursor: Cursor });
