import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete } from '../../db/batch.ts';
import { db, tableName } from '../../db/client.ts';
import { atVersion, stripper } from '../../db/items.ts';
import { officeKeys as k } from '../../db/keys.ts';
import { type Page, queryAll, queryPage } from '../../db/query.ts';
import { commitSteps, isConditionFailed, NEW_ITEM, putStep } from '../../db/write.ts';
import { Conflict, PreconditionFailed } from '../../http/errors.ts';
import type { Announcement } from './schemas.ts';

/**
 * Announcements' reads and writes. The announcement is written by the request; its recipients'
 * copies and unread markers by the fan-out consumer (lib/office/consumers.ts), which may run again:
 * every write there is conditional, so a rerun changes nothing twice and never marks a read one unread.
 */

const strip = stripper(['userId', 'read', 'readAt', 'recipientName']);
export const toAnnouncement = (item: Record<string, unknown>) => strip<Announcement>(item);

export class StaleAnnouncement extends PreconditionFailed {}

export const announcementItem = (tenantId: string, a: Announcement) => ({
  ...k.announcementKey(tenantId, a.id),
  type: 'announcement',
  ...a,
});

const save = (tenantId: string, a: Announcement, expected?: number) =>
  commitSteps(
    [
      putStep(
        announcementItem(tenantId, a),
        () => new StaleAnnouncement(),
        expected ? atVersion(expected) : NEW_ITEM,
      ),
    ],
    {
      exhausted: () => new Conflict('busy', 'Retry.'),
    },
  );
export const createAnnouncement = (tenantId: string, a: Announcement) => save(tenantId, a);
export const replaceAnnouncement = (tenantId: string, a: Announcement, expected: number) =>
  save(tenantId, a, expected);

export async function deleteAnnouncement(tenantId: string, a: Announcement): Promise<void> {
  await commitSteps(
    [
      {
        item: {
          Delete: {
            TableName: tableName(),
            Key: k.announcementKey(tenantId, a.id),
            ConditionExpression: '#v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': a.version },
          },
        },
        fail: () => new StaleAnnouncement(),
      },
    ],
    { exhausted: () => new Conflict('busy', 'Retry.') },
  );
}

export async function getAnnouncement(tenantId: string, id: string): Promise<Announcement | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: k.announcementKey(tenantId, id), ConsistentRead: true }),
  );
  return out.Item ? toAnnouncement(out.Item) : undefined;
}

export interface Recipient {
  userId: string;
  name: string;
  read: boolean;
  readAt: string | null;
}

export async function getRecipient(
  tenantId: string,
  id: string,
  userId: string,
): Promise<Recipient | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: k.recipientKey(tenantId, id, userId) }),
  );
  return out.Item
    ? {
        userId,
        name: out.Item.recipientName as string,
        read: out.Item.read === true,
        readAt: (out.Item.readAt as string) ?? null,
      }
    : undefined;
}

/**
 * Marks an announcement read by a recipient once: the receipt and the marker gone. The announcement
 * itself is not touched: its changes are what the fan-out consumer reacts to.
 */
export async function markRead(tenantId: string, id: string, userId: string, at: string): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: k.recipientKey(tenantId, id, userId),
              UpdateExpression: 'SET #read = :true, readAt = :at',
              ConditionExpression: '#read = :false',
              ExpressionAttributeNames: { '#read': 'read' },
              ExpressionAttributeValues: { ':true': true, ':false': false, ':at': at },
            },
          },
          { Delete: { TableName: tableName(), Key: k.unreadKey(tenantId, id, userId) } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      if ((error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict'))
        return markRead(tenantId, id, userId, at);
      return false;
    }
    throw error;
  }
}

export async function inboxPage(
  tenantId: string,
  userId: string,
  unread: boolean,
  at: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Announcement & { read: boolean; readAt: string | null }>> {
  const q = k.inboxQuery(tenantId, unread ? 'ANNUNREAD' : 'ANNBOX', userId);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    index: q.index,
    pk: q.pk,
    ...page,
    // Residue: announcements not yet or no longer valid.
    filter: {
      expression: 'validFrom <= :now AND (validTo = :none OR validTo > :now)',
      values: { ':now': at, ':none': null },
    },
    fingerprint: `announcements:${unread}`,
  });
  return {
    items: result.items.map((item) => ({
      ...toAnnouncement(item),
      read: item.read === true,
      readAt: (item.readAt as string) ?? null,
    })),
    nextCursor: result.nextCursor,
  };
}

export async function recipients(tenantId: string, id: string): Promise<Recipient[]> {
  const { pk, skPrefix } = k.recipientsPrefix(tenantId, id);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk, sk: { beginsWith: skPrefix } });
  return items.map((item) => ({
    userId: item.userId as string,
    name: item.recipientName as string,
    read: item.read === true,
    readAt: (item.readAt as string) ?? null,
  }));
}

// ---- fan-out (the consumer) --------------------------------------------------------------------

const copyOf = (tenantId: string, a: Announcement, userId: string, box: 'ANNBOX' | 'ANNUNREAD') => ({
  ...announcementItem(tenantId, a),
  type: box === 'ANNBOX' ? 'announcementRecipient' : 'announcementUnread',
  userId,
  ...k.inboxIndexKeys(tenantId, box, userId, a),
});

/** A recipient's copy and unread marker as the fan-out writes them (also what the bench seeds). */
export const recipientItems = (tenantId: string, a: Announcement, user: { id: string; name: string }) => [
  {
    ...copyOf(tenantId, a, user.id, 'ANNBOX'),
    ...k.recipientKey(tenantId, a.id, user.id),
    recipientName: user.name,
    read: false,
  },
  { ...copyOf(tenantId, a, user.id, 'ANNUNREAD'), ...k.unreadKey(tenantId, a.id, user.id) },
];

/**
 * Addresses an announcement to a user once: the copy and its unread marker when new; when the user
 * has it already, the copy (and the marker, while unread) take the newer version's fields.
 */
export async function deliver(
  tenantId: string,
  a: Announcement,
  user: { id: string; name: string },
): Promise<void> {
  const rcpt = {
    ...copyOf(tenantId, a, user.id, 'ANNBOX'),
    ...k.recipientKey(tenantId, a.id, user.id),
    recipientName: user.name,
    read: false,
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: rcpt, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: tableName(),
              Item: { ...copyOf(tenantId, a, user.id, 'ANNUNREAD'), ...k.unreadKey(tenantId, a.id, user.id) },
            },
          },
        ],
      }),
    );
    return;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
  }
  const fields = [
    'title',
    'content',
    'pinned',
    'validFrom',
    'validTo',
    'updatedAt',
    'version',
    'agendaByUserSk',
  ] as const;
  for (const [key, box] of [
    [k.recipientKey(tenantId, a.id, user.id), 'ANNBOX'],
    [k.unreadKey(tenantId, a.id, user.id), 'ANNUNREAD'],
  ] as const) {
    const item = copyOf(tenantId, a, user.id, box);
    try {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: `SET ${fields.map((f) => `#${f} = :${f}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND #version < :version',
          ExpressionAttributeNames: Object.fromEntries(fields.map((f) => [`#${f}`, f])),
          ExpressionAttributeValues: Object.fromEntries(fields.map((f) => [`:${f}`, item[f]])),
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
}

/** What is left under a deleted announcement (its recipients' copies and markers). */
export async function clearRecipients(tenantId: string, id: string): Promise<number> {
  const { pk } = k.announcementCollection(tenantId, id);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk });
  const keys = items.filter((i) => i.sk !== 'ANN').map((i) => ({ pk: i.pk as string, sk: i.sk as string }));
  if (keys.length) await batchDelete(keys);
  return keys.length;
}
