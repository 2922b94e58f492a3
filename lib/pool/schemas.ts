import * as z from 'zod';
import { Customer, HistoryEntry } from '../customers/schemas.ts';
import { Days, Pool, PoolId, ReclaimCause, ReclaimRules } from '../ownership/schemas.ts';
import { Cursor, Id, Instant, Limit, Name, pageOf } from '../schemas.ts';

export { Pool, PoolId, ReclaimCause, ReclaimRules };

const MAX_MEMBERS = 200;
const Ids = z
  .array(Id)
  .max(MAX_MEMBERS)
  .transform((ids) => [...new Set(ids)]);

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
