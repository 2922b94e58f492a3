import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../db/batch.ts';
import { db, tableName } from '../db/client.ts';
import { stripKeys } from '../db/items.ts';
import {
  type Key,
  smsBroadcastKey,
  smsDailyCountKey,
  smsOptOutKey,
  smsOptOutsPrefix,
  smsRateBucketKey,
  smsRecipientKey,
  smsRecipientsPrefix,
  smsUnreachableKey,
} from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import { isConditionFailed, transact } from '../db/write.ts';
import type { PlannedRecipient } from './rules.ts';
import type { BroadcastStatus, OptOut, Recipient, RecipientStatus } from './schemas.ts';

/** The broadcasts' and opt-outs' reads and writes; SDK errors stay in here. */

const TABLE = () => tableName();

export interface BroadcastRecord {
  id: string;
  tenantId: string;
  text: string;
  status: BroadcastStatus;
  createdAt: string;
  createdBy: string;
  startedAt: string | null;
  completedAt: string | null;
  /** The recipients as planned when the broadcast was made; the worker writes one item each. */
  plan: PlannedRecipient[];
  recipientsReady: boolean;
  total: number;
  sentCount: number;
  failedCount: number;
  optedOutCount: number;
  invalidNumberCount: number;
  /** Refused by the tenant's daily cap (absent on broadcasts stored before the cap). */
  refusedCount?: number;
  /** The run holding the broadcast, and until when (epoch ms of the injected clock). */
  runId?: string;
  leaseUntil?: number;
  /** The sort key of the last recipient a run got past: a resumed run starts after it. */
  checkpoint?: string;
}

export interface RecipientRecord extends Recipient {
  sk: string;
  runId?: string;
}

/** Why a run stopped holding a broadcast: another run holds it, or it is complete. */
export class LeaseLost extends Error {
  constructor() {
    super('the broadcast is held by another run');
  }
}

export async function putBroadcast(tenantId: string, b: BroadcastRecord): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: TABLE(),
      Item: { ...smsBroadcastKey(tenantId, b.id), type: 'smsBroadcast', ...b },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getBroadcast(tenantId: string, id: string): Promise<BroadcastRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: smsBroadcastKey(tenantId, id), ConsistentRead: true }),
  );
  if (!out.Item) return undefined;
  return stripKeys<BroadcastRecord>(out.Item);
}

/**
 * Takes the broadcast for one run until `leaseUntil`: only when it is not complete and no other
 * run's lease is still running. False when another run holds it.
 */
export async function acquireLease(
  tenantId: string,
  id: string,
  runId: string,
  nowMs: number,
  leaseUntil: number,
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: smsBroadcastKey(tenantId, id),
        UpdateExpression: 'SET runId = :run, leaseUntil = :until',
        ConditionExpression:
          'attribute_exists(pk) AND #status <> :completed AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':run': runId,
          ':until': leaseUntil,
          ':now': nowMs,
          ':completed': 'completed',
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Extends the run's lease and records how far it got; LeaseLost when the run no longer holds it. */
export async function renewLease(
  tenantId: string,
  id: string,
  runId: string,
  leaseUntil: number,
  checkpoint: string | undefined,
): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: smsBroadcastKey(tenantId, id),
        UpdateExpression: checkpoint
          ? 'SET leaseUntil = :until, checkpoint = :checkpoint'
          : 'SET leaseUntil = :until',
        ConditionExpression: 'runId = :run',
        ExpressionAttributeValues: {
          ':run': runId,
          ':until': leaseUntil,
          ...(checkpoint ? { ':checkpoint': checkpoint } : {}),
        },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new LeaseLost();
    throw error;
  }
}

/** Lets the broadcast go before the lease runs out (a run that ran out of time): the next run starts at once. */
export async function releaseLease(tenantId: string, id: string, runId: string, checkpoint?: string) {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: smsBroadcastKey(tenantId, id),
        UpdateExpression: checkpoint
          ? 'SET checkpoint = :checkpoint REMOVE leaseUntil, runId'
          : 'REMOVE leaseUntil, runId',
        ConditionExpression: 'runId = :run',
        ExpressionAttributeValues: { ':run': runId, ...(checkpoint ? { ':checkpoint': checkpoint } : {}) },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

const recipientKey = (tenantId: string, broadcastId: string, r: PlannedRecipient) =>
  r.phone
    ? smsRecipientKey(tenantId, broadcastId, r.phone)
    : smsUnreachableKey(tenantId, broadcastId, r.contactIds[0] as string);

/**
 * One recipient item, written only if absent: a re-run never resets a recipient a run has claimed.
 * A recipient without a reachable number is settled as invalid_number at once.
 */
export async function putRecipient(
  tenantId: string,
  broadcastId: string,
  r: PlannedRecipient,
): Promise<void> {
  try {
    await db().send(
      new PutCommand({
        TableName: TABLE(),
        Item: {
          ...recipientKey(tenantId, broadcastId, r),
          type: 'smsRecipient',
          ...r,
          status: r.phone ? 'pending' : 'invalid_number',
          messageId: null,
          error: null,
          sentAt: null,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** Every recipient is written: sending starts, with the invalid numbers counted. */
export async function markRecipientsReady(
  tenantId: string,
  id: string,
  runId: string,
  invalidNumbers: number,
  at: string,
): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: smsBroadcastKey(tenantId, id),
        UpdateExpression:
          'SET recipientsReady = :true, #status = :sending, startedAt = :at, invalidNumberCount = :invalid',
        ConditionExpression: 'runId = :run',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':true': true,
          ':sending': 'sending',
          ':at': at,
          ':invalid': invalidNumbers,
          ':run': runId,
        },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new LeaseLost();
    throw error;
  }
}

/** Up to `limit` recipients after the sort key `after` (all from the start without it), in key order. */
export async function recipientsAfter(
  tenantId: string,
  broadcastId: string,
  after: string | undefined,
  limit: number,
): Promise<{ items: RecipientRecord[]; more: boolean }> {
  const { pk, skPrefix } = smsRecipientsPrefix(tenantId, broadcastId);
  const out = await db().send(
    new QueryCommand({
      TableName: TABLE(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return { items: (out.Items ?? []) as RecipientRecord[], more: out.LastEvaluatedKey !== undefined };
}

/** A page of recipients for GET (cursor-paginated, bound to the tenant and the broadcast). */
export async function recipientsPage(
  tenantId: string,
  broadcastId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<RecipientRecord>> {
  const { pk, skPrefix } = smsRecipientsPrefix(tenantId, broadcastId);
  return queryPage<RecipientRecord>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    fingerprint: `sms-recipients:${broadcastId}`,
  });
}

const COUNTER: Partial<Record<RecipientStatus, string>> = {
  sent: 'sentCount',
  failed: 'failedCount',
  opted_out: 'optedOutCount',
  refused: 'refusedCount',
};

/**
 * Moves one recipient from `from` to `to` and counts it on the broadcast, together. The condition
 * is the exactly-once guard: `pending -> sending` is the claim made BEFORE a message is sent, and
 * only the run that claimed a recipient settles it (`sending -> sent|failed`). False when the
 * recipient was not in the expected state (someone else moved it).
 */
export async function moveRecipient(
  tenantId: string,
  broadcastId: string,
  sk: string,
  move: {
    from: 'pending' | 'sending';
    to: RecipientStatus;
    /** `sending` held by this run (settle own claim) or by any other run (a crashed one). */
    runId?: { is: string } | { isNot: string };
    set?: { messageId?: string | null; error?: string | null; sentAt?: string | null; runId?: string };
  },
): Promise<boolean> {
  const { pk } = smsRecipientsPrefix(tenantId, broadcastId);
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':from': move.from, ':to': move.to };
  const sets = ['#status = :to'];
  for (const [field, value] of Object.entries(move.set ?? {})) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  let condition = '#status = :from';
  if (move.runId) {
    names['#run'] = 'runId';
    values[':claimant'] = 'is' in move.runId ? move.runId.is : move.runId.isNot;
    condition += 'is' in move.runId ? ' AND #run = :claimant' : ' AND #run <> :claimant';
  }
  const counter = COUNTER[move.to];
  const items = [
    {
      Update: {
        TableName: TABLE(),
        Key: { pk, sk },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...(counter
      ? [
          {
            Update: {
              TableName: TABLE(),
              Key: smsBroadcastKey(tenantId, broadcastId),
              UpdateExpression: `ADD ${counter} :one`,
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ]
      : []),
  ];
  class NotMoved extends Error {}
  try {
    if (items.length === 1) await transact(items, () => new NotMoved());
    else await transact(items, (failed) => (failed === 0 ? new NotMoved() : new Error('count failed')));
    return true;
  } catch (error) {
    if (error instanceof NotMoved) return false;
    throw error;
  }
}

/** Every recipient is settled: the broadcast is complete and no run holds it. */
export async function completeBroadcast(tenantId: string, id: string, runId: string, at: string) {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: smsBroadcastKey(tenantId, id),
        UpdateExpression: 'SET #status = :completed, completedAt = :at REMOVE leaseUntil, runId, checkpoint',
        ConditionExpression: 'runId = :run',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'completed', ':at': at, ':run': runId },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new LeaseLost();
    throw error;
  }
}

// ---- opt-outs ----------------------------------------------------------------------------------

/** Which of these numbers are opted out (BatchGet on the tenant's opt-out partition). */
export async function optedOut(tenantId: string, phones: string[]): Promise<Set<string>> {
  const items = await batchGet([...new Set(phones)].map((p) => smsOptOutKey(tenantId, p)));
  return new Set(items.map((i) => i.phone as string));
}

/** Adds an opt-out unless the number has one already; returns the one stored and whether it is new. */
export async function putOptOut(
  tenantId: string,
  optOut: OptOut,
): Promise<{ optOut: OptOut; created: boolean }> {
  try {
    await db().send(
      new PutCommand({
        TableName: TABLE(),
        Item: { ...smsOptOutKey(tenantId, optOut.phone), type: 'smsOptOut', ...optOut },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { optOut, created: true };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const out = await db().send(
      new GetCommand({ TableName: TABLE(), Key: smsOptOutKey(tenantId, optOut.phone), ConsistentRead: true }),
    );
    const item = out.Item ?? optOut;
    return {
      optOut: {
        phone: item.phone as string,
        createdAt: item.createdAt as string,
        createdBy: item.createdBy as string,
      },
      created: false,
    };
  }
}

/** Removes an opt-out; false when the number had none. */
export async function deleteOptOut(tenantId: string, phone: string): Promise<boolean> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: TABLE(),
        Key: smsOptOutKey(tenantId, phone),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export async function listOptOuts(
  tenantId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<OptOut>> {
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk: smsOptOutsPrefix(tenantId).pk,
    ...page,
    fingerprint: 'sms-opt-outs',
  });
  return {
    items: result.items.map((i) => ({
      phone: i.phone as string,
      createdAt: i.createdAt as string,
      createdBy: i.createdBy as string,
    })),
    nextCursor: result.nextCursor,
  };
}

// ---- the SMS ceiling ---------------------------------------------------------------------------

/** One more on a counter item, only while it is below `limit`: false when it is not. */
async function takeSlot(key: Key, limit: number, expiresAt: number): Promise<boolean> {
  if (limit <= 0) return false;
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: key,
        UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :exp) ADD #n :one',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
        ExpressionAttributeNames: { '#n': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':exp': expiresAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** One of the tenant's SMS of its local `day`, while fewer than `cap` are taken. */
export const takeDailySlot = (tenantId: string, day: string, cap: number, expiresAt: number) =>
  takeSlot(smsDailyCountKey(tenantId, day), cap, expiresAt);

/** Gives back a daily slot taken for a message that was not sent after all (refused for the rate). */
export async function returnDailySlot(tenantId: string, day: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: TABLE(),
      Key: smsDailyCountKey(tenantId, day),
      UpdateExpression: 'ADD #n :minus',
      ConditionExpression: 'attribute_exists(#n)',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':minus': -1 },
    }),
  );
}

/** One of the deployment's sends in the epoch second `second`, while fewer than `limit` are taken. */
export const takeRateSlot = (second: number, limit: number, expiresAt: number) =>
  takeSlot(smsRateBucketKey(second), limit, expiresAt);

/** How many sends a counter holds (tests and operators: what the ceiling let through). */
export async function counted(key: Key): Promise<number> {
  const out = await db().send(new GetCommand({ TableName: TABLE(), Key: key, ConsistentRead: true }));
  return (out.Item?.count as number | undefined) ?? 0;
}
