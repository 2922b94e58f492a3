import * as z from 'zod/mini';
import { Cursor, Id, Limit, pageOf } from '../schemas.ts';

/** An in-app notification (提醒): plan reminders, replies to a record, birthdays, contract dates, reclaims. */
export const Notification = z.object({
  id: Id,
  userId: Id,
  /** What it is about: planDue, reply, birthday, contractExpiry, paymentDue, reclaimed, ... */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** The API path of what it is about (a customer, a contract), for the front end to open. */
  link: z.nullable(z.string()),
  read: z.boolean(),
  readAt: z.nullable(z.string()),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationPage = pageOf(Notification);

export const NotificationListQuery = z.strictObject({
  /** `true`: only unread ones (a Query on their own index partition, not a filter). */
  unread: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((v) => v === 'true'),
  ),
  limit: Limit,
  cursor: Cursor,
});

export const NotificationParams = z.strictObject({ id: Id });

/** What a context asks to be told: `dedupeKey` makes the same reminder notify a user once. */
export interface NotifyInput {
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  dedupeKey: string;
}
