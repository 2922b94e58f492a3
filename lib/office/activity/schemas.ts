import * as z from 'zod/mini';
import { Cursor, Id, Limit } from '../../schemas.ts';

export const ActivityEntry = z.object({
  id: z.string(),
  /** followup, taskCompleted, worklog; checkin and approval once those contexts are wired in. */
  kind: z.string(),
  actorId: Id,
  actorName: z.string(),
  at: z.string(),
  title: z.string(),
  link: z.string(),
  customerId: z.nullable(Id),
});
export const ActivityPage = z.object({ items: z.array(ActivityEntry), nextCursor: z.nullable(z.string()) });

export const ActivityQuery = z.strictObject({
  /** One subordinate's activity. */
  userId: z.optional(Id),
  /** Everyone below a role of the caller's subtree. */
  roleId: z.optional(Id),
  limit: Limit,
  cursor: Cursor,
});
