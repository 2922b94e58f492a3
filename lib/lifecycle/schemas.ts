import * as z from 'zod/mini';
import { Cursor, Id, Limit, pageOf } from '../schemas.ts';
import { TierPlay } from '../settings/schemas.ts';
import { TIERS } from '../tiers.ts';

export const TimelineQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const TimelineEntry = z.object({
  /** What the entry records (stable: the same change never makes two entries). */
  id: z.string(),
  /** created, field, recycled, restored, tier, followup, reply, ownership, plan, opportunity, contract, payment, contact, ... */
  kind: z.string(),
  at: z.string(),
  /** Who did it; null for the system (jobs, derived changes) or when the record does not say. */
  actor: z.nullable(z.object({ id: Id, name: z.nullable(z.string()) })),
  summary: z.string(),
  /** Field entries: the field (`customFields.<key>` for custom fields) and its values before and after. */
  field: z.optional(z.string()),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
  /** The item the entry is about when it is not the customer itself. */
  subject: z.optional(z.object({ type: z.string(), id: z.string() })),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export const TimelinePage = pageOf(TimelineEntry);

/** A customer's tier (客户分层) with what it is made of and what to do for it (seed 003). */
export const CustomerTier = z.object({
  customerId: Id,
  tier: z.enum(TIERS),
  /** Won deals (standing standard contracts; won opportunities no contract closes). */
  wonDeals: z.number().check(z.int()),
  /** The latest deal or follow-up. */
  lastActivityAt: z.nullable(z.string()),
  /** When the customer falls dormant if nothing happens; null when it cannot or already has. */
  dormantAt: z.nullable(z.string()),
  tierSince: z.nullable(z.string()),
  playbook: TierPlay,
});
export type CustomerTier = z.infer<typeof CustomerTier>;
