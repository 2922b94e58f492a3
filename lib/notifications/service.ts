import { ulid } from 'ulid';
import { now } from '../clock.ts';
import type { Auth } from '../http/auth.ts';
import * as repo from './repository.ts';
import type { Notification, NotifyInput } from './schemas.ts';

/**
 * In-app notifications (提醒), per user, newest first. Any context tells a user something with
 * `notify`; the dedupe key makes it idempotent, so a job that runs twice (or a retry after a
 * crash) notifies once.
 */

/** A new unread notification for `userId` (ULID id: its time orders the list). */
export function newNotification(userId: string, input: NotifyInput, at: Date = now()): Notification {
  return {
    id: ulid(at.getTime()),
    userId,
    kind: input.kind,
    title: input.title,
    body: input.body,
    link: input.link ?? null,
    read: false,
    readAt: null,
    createdAt: at.toISOString(),
  };
}

/**
 * Tells a user something, once per `dedupeKey` (a conditional put of a guard in the same
 * transaction as the notification). `created` is false when the key had notified the user already:
 * callers that also send an SMS send it only when `created` is true.
 */
export function notify(
  tenantId: string,
  userId: string,
  input: NotifyInput,
): Promise<{ id: string; created: boolean }> {
  return repo.putNotification(tenantId, newNotification(userId, input), input.dedupeKey);
}

/** The writes of a notification, for a context that notifies inside its own transaction. */
export function notifySteps(tenantId: string, userId: string, input: NotifyInput): repo.NotificationStep[] {
  return repo.notificationSteps(tenantId, newNotification(userId, input), input.dedupeKey);
}

export const listNotifications = (
  auth: Auth,
  query: { unread: boolean; limit: number; cursor?: string | undefined },
) => repo.listNotifications(auth.tenantId, auth.userId, query);

/** Marks one of the caller's notifications read; another user's id is 404 like an unknown one. */
export const markRead = (auth: Auth, id: string) =>
  repo.markRead(auth.tenantId, auth.userId, id, now().toISOString());

/** The caller's notifications since a moment (the home page: today's reminders). */
export const notificationsSince = (tenantId: string, userId: string, since: Date, limit: number) =>
  repo.notificationsSince(tenantId, userId, since, limit);
