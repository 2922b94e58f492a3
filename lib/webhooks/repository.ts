import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { atVersion, stripper, withCondition } from '../db/items.ts';
import {
  DELIVERY_DUE_ATTRIBUTES,
  deliveriesOf,
  deliveryDueKeys,
  deliveryKey,
  deliveryRateKey,
  TTL_ATTRIBUTE,
  webhookKey,
  webhooksOf,
} from '../db/keys.ts';
import { type Page, queryAll, queryPage } from '../db/query.ts';
import { isConditionFailed } from '../db/write.ts';
import { NotFound, PreconditionFailed } from '../http/errors.ts';
import type { Attempt, Delivery, Webhook } from './schemas.ts';
import { open, type SealedSecret, seal } from './secrets.ts';

/** A webhook as stored: its representation and its signing secrets (never shown again). */
export interface WebhookRecord extends Webhook {
  secret: string;
  previousSecret: string | null;
}

/** A delivery as stored: its log and the event it carries, signed anew for every attempt. */
export interface DeliveryRecord extends Delivery {
  event: Record<string, unknown>;
  /** The instant of its first attempt (the disable rule measures failures from it). */
  firstAttemptAt: string | null;
  /** Failed attempts since it was created or redelivered: where it stands on the retry schedule. */
  roundAttempts: number;
  /** The attempt in flight: a job that took the delivery holds it until it records the outcome. */
  leaseId: string | null;
  version: number;
}

const strip = stripper([TTL_ATTRIBUTE]);
const TABLE = () => tableName();

// ---- webhooks ------------------------------------------------------------------------------------

/** The additional data a webhook's sealed secrets are bound to: its tenant and id. */
const sealedFor = (tenantId: string, id: string) => `webhook:${tenantId}:${id}`;

/** The stored item: the secrets sealed (lib/webhooks/secrets.ts), never in the clear. */
const webhookItem = (tenantId: string, { secret, previousSecret, ...w }: WebhookRecord) => ({
  ...webhookKey(tenantId, w.id),
  type: 'webhook',
  ...w,
  sealedSecret: seal(secret, sealedFor(tenantId, w.id)),
  sealedPreviousSecret: previousSecret ? seal(previousSecret, sealedFor(tenantId, w.id)) : null,
});

function toWebhook(tenantId: string, item: Record<string, unknown>): WebhookRecord {
  const { sealedSecret, sealedPreviousSecret, ...w } = strip<
    Omit<WebhookRecord, 'secret' | 'previousSecret'> & {
      sealedSecret: SealedSecret;
      sealedPreviousSecret: SealedSecret | null;
    }
  >(item);
  const aad = sealedFor(tenantId, w.id);
  return {
    ...w,
    secret: open(sealedSecret, aad),
    previousSecret: sealedPreviousSecret ? open(sealedPreviousSecret, aad) : null,
  };
}

export async function createWebhook(tenantId: string, w: WebhookRecord): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: TABLE(),
      Item: webhookItem(tenantId, w),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getWebhook(tenantId: string, id: string): Promise<WebhookRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: webhookKey(tenantId, id), ConsistentRead: true }),
  );
  return out.Item ? toWebhook(tenantId, out.Item) : undefined;
}

export async function listWebhooks(
  tenantId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<Page<WebhookRecord>> {
  const { pk, skPrefix } = webhooksOf(tenantId);
  const page = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    limit: q.limit,
    cursor: q.cursor,
    fingerprint: 'webhooks',
  });
  return { items: page.items.map((i) => toWebhook(tenantId, i)), nextCursor: page.nextCursor };
}

/** Every webhook of a tenant (a handful): what the fan-out matches an event against. */
export async function allWebhooks(tenantId: string): Promise<WebhookRecord[]> {
  const { pk, skPrefix } = webhooksOf(tenantId);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk, sk: { beginsWith: skPrefix } });
  return items.map((i) => toWebhook(tenantId, i));
}

/** Replaces a webhook at the version read (412 when it moved on, 404 when it is gone). */
export async function saveWebhook(
  tenantId: string,
  w: WebhookRecord,
  expectedVersion: number,
): Promise<void> {
  try {
    await db().send(
      new PutCommand(
        withCondition({ TableName: TABLE(), Item: webhookItem(tenantId, w) }, atVersion(expectedVersion)),
      ),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    if (!(await getWebhook(tenantId, w.id))) throw new NotFound('webhook');
    throw new PreconditionFailed();
  }
}

export async function deleteWebhook(tenantId: string, id: string): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: TABLE(),
        Key: webhookKey(tenantId, id),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new NotFound('webhook');
    throw error;
  }
}

/**
 * Notes the receiver's health without moving the webhook's version (it is not an edit): the first
 * failure after a success starts `failingSince`, a success clears it.
 */
export async function setFailingSince(tenantId: string, id: string, since: string | null): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: webhookKey(tenantId, id),
        UpdateExpression: 'SET failingSince = :since',
        ConditionExpression: since
          ? 'attribute_exists(pk) AND (attribute_not_exists(failingSince) OR failingSince = :null)'
          : 'attribute_exists(pk) AND failingSince <> :null',
        ExpressionAttributeValues: { ':since': since, ':null': null },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** Switches a failing webhook off, once: false when it was off already (or gone). */
export async function disableFailing(tenantId: string, id: string, at: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: webhookKey(tenantId, id),
        UpdateExpression:
          'SET #status = :disabled, disabledReason = :failing, updatedAt = :at ADD version :one',
        ConditionExpression: 'attribute_exists(pk) AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':disabled': 'disabled',
          ':failing': 'failing',
          ':active': 'active',
          ':at': at,
          ':one': 1,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

// ---- deliveries ----------------------------------------------------------------------------------

const deliveryItem = (tenantId: string, d: DeliveryRecord) => ({
  ...deliveryKey(tenantId, d.webhookId, d.id),
  type: 'webhookDelivery',
  ...d,
  ...(d.nextAttemptAt ? deliveryDueKeys(tenantId, d.webhookId, d.id, d.nextAttemptAt) : {}),
});

/** Writes a new delivery; false when it exists (the same event fanned out again). */
export async function createDelivery(tenantId: string, d: DeliveryRecord): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: TABLE(),
        Item: deliveryItem(tenantId, d),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export async function getDelivery(
  tenantId: string,
  webhookId: string,
  id: string,
): Promise<DeliveryRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: deliveryKey(tenantId, webhookId, id), ConsistentRead: true }),
  );
  return out.Item ? strip<DeliveryRecord>(out.Item) : undefined;
}

/** A webhook's delivery log, newest event first. */
export async function listDeliveries(
  tenantId: string,
  webhookId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<Page<DeliveryRecord>> {
  const { pk, skPrefix } = deliveriesOf(tenantId, webhookId);
  const page = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    limit: q.limit,
    cursor: q.cursor,
    ascending: false,
    fingerprint: `deliveries:${webhookId}`,
  });
  return { items: page.items.map((i) => strip<DeliveryRecord>(i)), nextCursor: page.nextCursor };
}

/**
 * Takes a due delivery for one attempt: moves its due time to `until` (so a job that dies mid-way
 * leaves it to be retried then) and marks it with the lease. False when another run took it first
 * or it is no longer due at `dueAt`.
 */
export async function leaseDelivery(
  tenantId: string,
  d: Pick<DeliveryRecord, 'webhookId' | 'id'>,
  dueAt: string,
  until: string,
  leaseId: string,
): Promise<boolean> {
  const due = deliveryDueKeys(tenantId, d.webhookId, d.id, dueAt);
  const next = deliveryDueKeys(tenantId, d.webhookId, d.id, until);
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: deliveryKey(tenantId, d.webhookId, d.id),
        UpdateExpression:
          'SET scheduledSk = :next, nextAttemptAt = :until, leaseId = :lease ADD version :one',
        ConditionExpression: 'scheduledSk = :due',
        ExpressionAttributeValues: {
          ':next': next.scheduledSk,
          ':until': until,
          ':lease': leaseId,
          ':due': due.scheduledSk,
          ':one': 1,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * Records an attempt's outcome under the lease that made it, and when the next is due (none: the
 * delivery leaves the schedule). False when the lease was lost (the job outlived it).
 */
export async function recordAttempt(
  tenantId: string,
  d: DeliveryRecord,
  leaseId: string,
  outcome: {
    attempt: Attempt;
    status: Delivery['status'];
    nextAttemptAt: string | null;
    attemptCount: number;
    firstAttemptAt: string;
  },
  keepAttempts: number,
): Promise<boolean> {
  const attempts = [...d.attempts, outcome.attempt].slice(-keepAttempts);
  const next: DeliveryRecord = {
    ...d,
    attempts,
    attemptCount: outcome.attemptCount,
    status: outcome.status,
    nextAttemptAt: outcome.nextAttemptAt,
    firstAttemptAt: outcome.firstAttemptAt,
    leaseId: null,
    updatedAt: outcome.attempt.at,
    version: d.version + 1,
  };
  return putUnderLease(tenantId, next, leaseId);
}

/** Puts a delivery back on the schedule without an attempt (the tenant's minute was full). */
export async function postpone(
  tenantId: string,
  d: DeliveryRecord,
  leaseId: string,
  until: string,
): Promise<boolean> {
  return putUnderLease(
    tenantId,
    { ...d, nextAttemptAt: until, leaseId: null, version: d.version + 1 },
    leaseId,
  );
}

async function putUnderLease(tenantId: string, d: DeliveryRecord, leaseId: string): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: TABLE(),
        Item: deliveryItem(tenantId, d),
        ConditionExpression: 'leaseId = :lease',
        ExpressionAttributeValues: { ':lease': leaseId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Drops a delivery from the schedule (its webhook is gone); the log keeps it. */
export async function unschedule(
  tenantId: string,
  d: Pick<DeliveryRecord, 'webhookId' | 'id'>,
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: TABLE(),
      Key: deliveryKey(tenantId, d.webhookId, d.id),
      UpdateExpression: `SET nextAttemptAt = :null REMOVE ${DELIVERY_DUE_ATTRIBUTES.join(', ')}`,
      ExpressionAttributeValues: { ':null': null },
    }),
  );
}

/**
 * Schedules a delivery again now (redeliver), at the version read: its log stays, the attempts
 * count on. 412 when it changed meanwhile (an attempt in flight).
 */
export async function reschedule(tenantId: string, d: DeliveryRecord, at: string): Promise<DeliveryRecord> {
  const next: DeliveryRecord = {
    ...d,
    status: 'pending',
    nextAttemptAt: at,
    leaseId: null,
    updatedAt: at,
    version: d.version + 1,
  };
  try {
    await db().send(
      new PutCommand(
        withCondition({ TableName: TABLE(), Item: deliveryItem(tenantId, next) }, atVersion(d.version)),
      ),
    );
    return next;
  } catch (error) {
    if (isConditionFailed(error))
      throw new PreconditionFailed('The delivery is being attempted right now; try again shortly.');
    throw error;
  }
}

// ---- the per-tenant cap --------------------------------------------------------------------------

/** Counts one delivery against the tenant's minute; false when the minute's cap is reached. */
export async function takeRateSlot(
  tenantId: string,
  minute: string,
  cap: number,
  expiresAt: number,
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: deliveryRateKey(tenantId, minute),
        UpdateExpression: 'ADD n :one SET #ttl = :ttl, #type = :type',
        ConditionExpression: 'attribute_not_exists(n) OR n < :cap',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE, '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':ttl': expiresAt, ':type': 'webhookRate' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
