import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { stripper } from '../db/items.ts';
import {
  attachmentKey,
  attachmentRefKey,
  attachmentsOf,
  storageQuotaKey,
  TTL_ATTRIBUTE,
} from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import { commitSteps, NEW_ITEM, putStep, type Step } from '../db/write.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { DEFAULT_QUOTA, type Quota, quotaExceeded } from './rules.ts';
import type { Attachment, AttachmentTarget } from './schemas.ts';

/**
 * The attachments' items: the attachment in its target's partition, a reference naming the target,
 * and the tenant's storage counter, each change one transaction. The quota holds because the
 * counter moves on a condition in the transaction that makes an attachment ready.
 */

const TABLE = () => tableName();
const strip = stripper([TTL_ATTRIBUTE, 'objectKey']);

/** An attachment as stored: the public fields plus where its bytes are. */
export interface AttachmentRecord extends Attachment {
  objectKey: string;
}

export const publicAttachment = ({ objectKey: _, ...a }: AttachmentRecord): Attachment => a;

const item = (tenantId: string, a: AttachmentRecord, expiresAt?: number) => ({
  ...attachmentKey(tenantId, a.target.kind, a.target.id, a.id),
  type: 'attachment',
  ...a,
  ...(expiresAt ? { [TTL_ATTRIBUTE]: expiresAt } : {}),
});

const refItem = (tenantId: string, a: AttachmentRecord, expiresAt?: number) => ({
  ...attachmentRefKey(tenantId, a.id),
  type: 'attachmentRef',
  id: a.id,
  target: a.target,
  ...(expiresAt ? { [TTL_ATTRIBUTE]: expiresAt } : {}),
});

const commit = (steps: Step[]) =>
  commitSteps(steps, {
    exhausted: () => new Conflict('write_conflict', 'Too many concurrent changes; retry.'),
  });

/** A pending upload: the attachment and its reference, both deleted by TTL unless confirmed. */
export const putPending = (tenantId: string, a: AttachmentRecord, expiresAt: number) =>
  commit([
    putStep(item(tenantId, a, expiresAt), () => new Error(`attachment ${a.id} exists`), NEW_ITEM),
    putStep(refItem(tenantId, a, expiresAt), () => new Error(`attachment ${a.id} exists`), NEW_ITEM),
  ]);

const quotaUpdate = (tenantId: string, files: number, bytes: number, limits?: Quota): Step => ({
  item: {
    Update: {
      TableName: TABLE(),
      Key: storageQuotaKey(tenantId),
      UpdateExpression: 'SET #type = :type ADD fileCount :files, bytes :bytes',
      ...(limits
        ? {
            // Room for one more file of this size: the counter is the invariant, not a prior read.
            ConditionExpression:
              '(attribute_not_exists(fileCount) OR fileCount <= :fileRoom) AND (attribute_not_exists(bytes) OR bytes <= :byteRoom)',
          }
        : {}),
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': 'storageQuota',
        ':files': files,
        ':bytes': bytes,
        ...(limits ? { ':fileRoom': limits.maxFiles - files, ':byteRoom': limits.maxBytes - bytes } : {}),
      },
    },
  },
  fail: () => (limits ? quotaExceeded(limits) : new Error('storage counter update failed')),
});

/**
 * Makes a pending attachment ready, within the quota (409 quota_exceeded): the attachment and its
 * reference lose their TTL, the counter gains the file, in one transaction.
 */
export async function confirm(
  tenantId: string,
  a: AttachmentRecord,
  at: string,
  limits: Quota,
): Promise<void> {
  const key = attachmentKey(tenantId, a.target.kind, a.target.id, a.id);
  await commit([
    {
      item: {
        Update: {
          TableName: TABLE(),
          Key: key,
          UpdateExpression: `SET #state = :ready, readyAt = :at REMOVE ${TTL_ATTRIBUTE}`,
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':ready': 'ready', ':pending': 'pending', ':at': at },
        },
      },
      fail: () => new Conflict('not_pending', 'The attachment is no longer a pending upload.'),
    },
    {
      item: {
        Update: {
          TableName: TABLE(),
          Key: attachmentRefKey(tenantId, a.id),
          UpdateExpression: `REMOVE ${TTL_ATTRIBUTE}`,
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      fail: () => new NotFound('attachment'),
    },
    quotaUpdate(tenantId, 1, a.size, limits),
  ]);
}

/** Removes an attachment and its reference; a ready one gives its room back to the quota. */
export async function removeAttachment(tenantId: string, a: AttachmentRecord): Promise<void> {
  await commit([
    {
      item: {
        Delete: {
          TableName: TABLE(),
          Key: attachmentKey(tenantId, a.target.kind, a.target.id, a.id),
          ConditionExpression: '#state = :state',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':state': a.state },
        },
      },
      fail: () => new Conflict('write_conflict', 'The attachment changed meanwhile; retry.'),
    },
    {
      item: { Delete: { TableName: TABLE(), Key: attachmentRefKey(tenantId, a.id) } },
      fail: () => new Error('attachment reference delete failed'),
    },
    ...(a.state === 'ready' ? [quotaUpdate(tenantId, -1, -a.size)] : []),
  ]);
}

export async function getTarget(tenantId: string, id: string): Promise<AttachmentTarget | undefined> {
  const out = await db().send(new GetCommand({ TableName: TABLE(), Key: attachmentRefKey(tenantId, id) }));
  return out.Item ? (out.Item.target as AttachmentTarget) : undefined;
}

export async function getAttachment(
  tenantId: string,
  target: AttachmentTarget,
  id: string,
): Promise<AttachmentRecord | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: TABLE(),
      Key: attachmentKey(tenantId, target.kind, target.id, id),
      ConsistentRead: true,
    }),
  );
  return out.Item ? { ...strip<Attachment>(out.Item), objectKey: out.Item.objectKey as string } : undefined;
}

/** The tenant's storage use and limits (the defaults unless the counter item carries its own). */
export async function getQuota(tenantId: string): Promise<Quota> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: storageQuotaKey(tenantId), ConsistentRead: true }),
  );
  const q = out.Item ?? {};
  return {
    fileCount: (q.fileCount as number | undefined) ?? 0,
    bytes: (q.bytes as number | undefined) ?? 0,
    maxFiles: (q.maxFiles as number | undefined) ?? DEFAULT_QUOTA.maxFiles,
    maxBytes: (q.maxBytes as number | undefined) ?? DEFAULT_QUOTA.maxBytes,
  };
}

/** Sets a tenant's limits (operations, tests); the counts stay as they are. */
export async function setQuotaLimits(tenantId: string, limits: { maxFiles: number; maxBytes: number }) {
  await db().send(
    new UpdateCommand({
      TableName: TABLE(),
      Key: storageQuotaKey(tenantId),
      UpdateExpression: 'SET #type = :type, maxFiles = :files, maxBytes = :bytes',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': 'storageQuota',
        ':files': limits.maxFiles,
        ':bytes': limits.maxBytes,
      },
    }),
  );
}

/**
 * A target's ready attachments, oldest first. Pending uploads share the partition until they are
 * confirmed or expire (a day at most): the residue filter drops those few.
 */
export async function listAttachments(
  tenantId: string,
  target: AttachmentTarget,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Attachment>> {
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk: attachmentsOf(tenantId, target.kind, target.id).pk,
    ...page,
    filter: {
      expression: '#state = :ready',
      names: { '#state': 'state' },
      values: { ':ready': 'ready' },
    },
    fingerprint: `attachments:${target.kind}:${target.id}`,
  });
  return { items: result.items.map((i) => strip<Attachment>(i)), nextCursor: result.nextCursor };
}
