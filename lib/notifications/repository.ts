import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { db, tableName } from '../db/client.ts';
import { stripKeys } from '../db/items.ts';
import {
  AGENDA_ATTRIBUTES,
  agendaKeys,
  agendaQuery,
  notificationDedupeKey,
  notificationKey,
  notificationsOf,
  TTL_ATTRIBUTE,
} from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import { isConditionFailed, type TransactItem, transact } from '../db/write.ts';
import { NotFound } from '../http/errors.ts';
import type { Notification } from './schemas.ts';

/** Notifications go after a year; their dedupe keys a little later, so a yearly reminder stays single. */
const NOTIFICATION_TTL_DAYS = 366;
const DEDUPE_TTL_DAYS = 400;
const epochSecondsAfter = (at: string, days: number) => Math.floor(Date.parse(at) / 1000) + days * 86_400;

// `readAt` is absent until read, so marking read can keep the first time with if_not_exists.
export const notificationItem = (tenantId: string, { readAt, ...n }: Notification) => ({
  ...notificationKey(tenantId, n.userId, n.id),
  type: 'notification',
  ...n,
  ...(readAt ? { readAt } : {}),
  ...(n.read ? {} : agendaKeys(tenantId, 'UNREAD', n.userId, n.id)),
  [TTL_ATTRIBUTE]: epochSecondsAfter(n.createdAt, NOTIFICATION_TTL_DAYS),
});

const toNotification = (item: Record<string, unknown>): Notification => {
  const n = stripKeys<Notification>(item, [TTL_ATTRIBUTE]);
  return { ...n, readAt: n.readAt ?? null };
};

/** A transaction item and the error its failed condition means (the shape lib/customers' `commit` runs). */
export interface NotificationStep {
  item: TransactItem;
  fail: () => Error;
}

export class AlreadyNotified extends Error {
  constructor(readonly dedupeKey: string) {
    super(`already notified: ${dedupeKey}`);
  }
}

/**
 * The two writes of a notification: its dedupe guard, on the condition that nobody created it yet,
 * and the notification. Other contexts add them to their own transaction (a reply notifies its
 * record's author atomically with the reply).
 */
export function notificationSteps(tenantId: string, n: Notification, dedupeKey: string): NotificationStep[] {
  return [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: {
            ...notificationDedupeKey(tenantId, n.userId, dedupeKey),
            type: 'notificationKey',
            notificationId: n.id,
            [TTL_ATTRIBUTE]: epochSecondsAfter(n.createdAt, DEDUPE_TTL_DAYS),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      fail: () => new AlreadyNotified(dedupeKey),
    },
    {
      item: { Put: { TableName: tableName(), Item: notificationItem(tenantId, n) } },
      fail: () => new Error('notification put failed'),
    },
  ];
}

/** Creates the notification unless its dedupe key was used for the user; says which happened. */
export async function putNotification(
  tenantId: string,
  n: Notification,
  dedupeKey: string,
): Promise<{ id: string; created: boolean }> {
  try {
    await transact(
      notificationSteps(tenantId, n, dedupeKey).map((s) => s.item),
      (failed) => (failed === 0 ? new AlreadyNotified(dedupeKey) : new Error('notification write failed')),
    );
    return { id: n.id, created: true };
  } catch (error) {
    if (!(error instanceof AlreadyNotified)) throw error;
    const out = await db().send(
      new GetCommand({ TableName: tableName(), Key: notificationDedupeKey(tenantId, n.userId, dedupeKey) }),
    );
    return { id: (out.Item?.notificationId as string | undefined) ?? n.id, created: false };
  }
}

export async function listNotifications(
  tenantId: string,
  userId: string,
  opts: { unread: boolean; limit: number; cursor?: string | undefined },
): Promise<Page<Notification>> {
  const query = opts.unread
    ? agendaQuery(tenantId, 'UNREAD', userId)
    : { index: undefined, pk: notificationsOf(tenantId, userId).pk };
  const page = await queryPage<Record<string, unknown>>({
    tenantId,
    ...(query.index ? { index: query.index } : {}),
    pk: query.pk,
    limit: opts.limit,
    cursor: opts.cursor,
    ascending: false,
    fingerprint: `notifications:${userId}:${opts.unread ? 'unread' : 'all'}`,
  });
  return { items: page.items.map(toNotification), nextCursor: page.nextCursor };
}

/** A user's notifications created at or after `since`, newest first (ids are ULIDs of their time). */
export async function notificationsSince(
  tenantId: string,
  userId: string,
  since: Date,
  limit: number,
): Promise<Page<Notification>> {
  const page = await queryPage<Record<string, unknown>>({
    tenantId,
    pk: notificationsOf(tenantId, userId).pk,
    sk: { gte: `${encodeTime(since.getTime())}${'0'.repeat(16)}` },
    limit,
    ascending: false,
    fingerprint: `notifications-since:${userId}:${since.toISOString()}`,
  });
  return { items: page.items.map(toNotification), nextCursor: page.nextCursor };
}

/** Marks one of the user's notifications read (again: no change); it leaves the unread list. */
export async function markRead(
  tenantId: string,
  userId: string,
  id: string,
  at: string,
): Promise<Notification> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: notificationKey(tenantId, userId, id),
        UpdateExpression: `SET #read = :true, readAt = if_not_exists(readAt, :at) REMOVE ${AGENDA_ATTRIBUTES.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#read': 'read' },
        ExpressionAttributeValues: { ':true': true, ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toNotification(out.Attributes ?? {});
  } catch (error) {
    if (isConditionFailed(error)) throw new NotFound('notification');
    throw error;
  }
}
