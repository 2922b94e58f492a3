import * as z from 'zod/mini';
import { Id } from '../schemas.ts';

/** A pool's id: the fixed `default` or a generated id. */
export const PoolId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, 'Must be a pool id'));

/** Day counts of the pool rules: a year and a half at most, so instants stay far from overflow. */
export const Days = z.number().check(z.int(), z.gte(1), z.lte(550));

export const ReclaimRules = z.object({
  enabled: z.boolean(),
  /** Back to the pool after this many days without a follow-up (null: this rule is off). */
  noFollowUpDays: z.nullable(Days),
  /** Back to the pool after this many days without a won deal (null: this rule is off). */
  noDealDays: z.nullable(Days),
  /** Per customer level (level dictionary id): replaces noFollowUpDays for customers of that level. */
  byLevel: z.record(z.string(), z.number().check(z.int())),
  /** How many days before reclaimAt the owner is warned (view=reclaim-soon). */
  warnDays: z.number().check(z.int()),
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
  claimDailyLimit: z.nullable(z.number().check(z.int())),
  /** For how many days the last owner of a released customer may not claim it back. */
  formerOwnerCooldownDays: z.number().check(z.int()),
  /**
   * 公海交换 (seed 001: 得到客户需要拿一个客户交换): a claim must give one of the caller's customers
   * back to the pool in the same step (`releaseId`). Absent on pools stored before: false.
   */
  exchangeRequired: z.optional(z.boolean()),
  reclaim: ReclaimRules,
  /** Bumped when the reclaim rules change: the background recompute works towards this version. */
  rulesVersion: z.number().check(z.int()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Pool = z.infer<typeof Pool>;

export const ReclaimCause = z.enum(['noFollowUp', 'noDeal']);
export type ReclaimCause = z.infer<typeof ReclaimCause>;
