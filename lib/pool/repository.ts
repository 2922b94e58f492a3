import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { commit, type Step } from '../customers/repository.ts';
import { db, tableName } from '../db/client.ts';
import { atVersion, stripper, withCondition } from '../db/items.ts';
import {
  dailyClaimsKey,
  indexKeys,
  poolKey,
  poolNameKey,
  poolRecomputeKey,
  poolsPrefix,
  recomputeTaskPointer,
  TTL_ATTRIBUTE,
  userCountersKey,
} from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import { Conflict, PreconditionFailed } from '../http/errors.ts';
import { poolItem, poolNameItem } from '../ownership/pools.ts';
import { poolNameKey as nameKeyOf } from '../ownership/rules.ts';
import type { Pool } from './schemas.ts';

/** The pool definitions, their name guards and recompute checkpoints; the pool's counters. */

const TABLE = () => tableName();
const strip = stripper(['nameKey']);

// ---- pool definitions --------------------------------------------------------------------------

export async function listPools(
  tenantId: string,
  page: { limit: number; cursor?: string | undefined },
  fingerprint: string,
): Promise<Page<Pool>> {
  const { pk, skPrefix } = poolsPrefix(tenantId);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    fingerprint,
  });
  return { items: result.items.map((i) => strip<Pool>(i)), nextCursor: result.nextCursor };
}

const nameTaken = (name: string) =>
  new Conflict('duplicate_pool_name', `A pool named "${name}" exists already.`);

const nameGuardSteps = (tenantId: string, next: Pool, prev: Pool | null): Step[] => {
  if (prev && nameKeyOf(prev.name) === nameKeyOf(next.name)) return [];
  return [
    {
      item: {
        Put: {
          TableName: TABLE(),
          Item: poolNameItem(tenantId, next),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      fail: () => nameTaken(next.name),
    },
    ...(prev
      ? [
          {
            item: { Delete: { TableName: TABLE(), Key: poolNameKey(tenantId, nameKeyOf(prev.name)) } },
            fail: () => new Error('name guard release failed'),
          },
        ]
      : []),
  ];
};

/** A recompute checkpoint: the job applies the pool's rules of `rulesVersion` to its customers. */
/** Read by the job from its pointer on `reclaimDue`: every field is projected there (RECOMPUTE_POINTER_VIEW). */
export interface RecomputeTask {
  tenantId: string;
  poolId: string;
  rulesVersion: number;
  /** Where the walk over the tenant's customers has got to (null: from the start). */
  cursor: string | null;
  requestedAt: string;
  /** When the checkpoint last moved (not `updatedAt`: the customers on `reclaimDue` have one, which is not projected). */
  advancedAt: string;
}

const taskItem = (task: RecomputeTask) => ({
  ...poolRecomputeKey(task.tenantId, task.poolId),
  type: 'poolRecompute',
  ...task,
  ...recomputeTaskPointer(task.tenantId, task.poolId),
});

/** A new task replaces an unfinished one: the walk restarts under the newest rules. */
const taskStep = (task: RecomputeTask): Step => ({
  item: { Put: { TableName: TABLE(), Item: taskItem(task) } },
  fail: () => new Error('recompute task put failed'),
});

export async function createPool(tenantId: string, pool: Pool): Promise<void> {
  await commit([
    {
      item: {
        Put: {
          TableName: TABLE(),
          Item: poolItem(tenantId, pool),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      fail: () => new Conflict('pool_exists', 'The pool exists already.'),
    },
    ...nameGuardSteps(tenantId, pool, null),
  ]);
}

/** Writes `next` over `prev` at prev's version (412 otherwise); a rules change opens a recompute. */
export async function updatePool(
  tenantId: string,
  next: Pool,
  prev: Pool,
  recompute: RecomputeTask | null,
): Promise<void> {
  await commit([
    {
      item: {
        Put: withCondition({ TableName: TABLE(), Item: poolItem(tenantId, next) }, atVersion(prev.version)),
      },
      fail: () => new PreconditionFailed(),
    },
    ...nameGuardSteps(tenantId, next, prev),
    ...(recompute ? [taskStep(recompute)] : []),
  ]);
}

/**
 * Deletes a pool at the version read; its owned customers fall back to the default pool's rules,
 * which a recompute applies to them.
 */
export async function deletePool(tenantId: string, pool: Pool, recompute: RecomputeTask): Promise<void> {
  await commit([
    {
      item: {
        Delete: withCondition(
          { TableName: TABLE(), Key: poolKey(tenantId, pool.id) },
          atVersion(pool.version),
        ),
      },
      fail: () => new PreconditionFailed(),
    },
    {
      item: { Delete: { TableName: TABLE(), Key: poolNameKey(tenantId, nameKeyOf(pool.name)) } },
      fail: () => new Error('name guard delete failed'),
    },
    taskStep(recompute),
  ]);
}

/** Whether any customer is in the pool (one item read at most). */
export async function poolHasCustomers(
  tenantId: string,
  list: { index: 'customersByList'; pk: string },
): Promise<boolean> {
  const page = await queryPage({
    tenantId,
    index: list.index,
    pk: list.pk,
    limit: 1,
    fingerprint: 'pool-empty',
  });
  return page.items.length > 0;
}

// ---- counters ----------------------------------------------------------------------------------

/**
 * One more claim by `userId` on `localDate`, on the condition that they stay within `limit`
 * (409 daily_claim_limit). The item expires a few days after its day.
 */
export const dailyClaimStep = (
  tenantId: string,
  userId: string,
  localDate: string,
  limit: number,
  expiresAt: number,
): Step => ({
  item: {
    Update: {
      TableName: TABLE(),
      Key: dailyClaimsKey(tenantId, userId, localDate),
      UpdateExpression: 'SET #type = :type, #ttl = :ttl ADD claimCount :one',
      ConditionExpression: 'attribute_not_exists(claimCount) OR claimCount < :limit',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':type': 'dailyClaims', ':ttl': expiresAt, ':one': 1, ':limit': limit },
    },
  },
  fail: () =>
    new Conflict('daily_claim_limit', `You may claim at most ${limit} customers from this pool per day.`, {
      limit,
    }),
  // A reservation (lib/db/write.ts): held before the claim, given back if the claim does not go in.
  phase: 'before',
  undo: {
    Update: {
      TableName: TABLE(),
      Key: dailyClaimsKey(tenantId, userId, localDate),
      UpdateExpression: 'ADD claimCount :minus',
      ExpressionAttributeValues: { ':minus': -1 },
    },
  },
});

/**
 * The owner's lock counter: +1 on the condition that they stay within `max` (409 lock_limit),
 * -1 unconditionally when a lock ends (unlock, or the customer leaves its owner).
 */
export function lockCountStep(tenantId: string, userId: string, delta: 1 | -1, max: number | null): Step {
  const limited = delta > 0 && max !== null;
  const key = userCountersKey(tenantId, userId);
  return {
    // Taking a lock is a reservation, given back if the lock does not go in; ending one follows it.
    ...(delta > 0
      ? {
          phase: 'before' as const,
          undo: {
            Update: {
              TableName: TABLE(),
              Key: key,
              UpdateExpression: 'ADD lockedCount :minus',
              ExpressionAttributeValues: { ':minus': -1 },
            },
          },
        }
      : { phase: 'after' as const }),
    item: {
      Update: {
        TableName: TABLE(),
        Key: userCountersKey(tenantId, userId),
        UpdateExpression: 'SET #type = :type ADD lockedCount :delta',
        ...(limited
          ? { ConditionExpression: 'attribute_not_exists(lockedCount) OR lockedCount < :max' }
          : {}),
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'userCounters',
          ':delta': delta,
          ...(limited ? { ':max': max } : {}),
        },
      },
    },
    fail: () =>
      new Conflict('lock_limit', `The owner already has the maximum of ${max} locked customers.`, {
        userId,
        max,
      }),
  };
}

/**
 * The counters of an exchange (公海交换): the caller gains the claimed customer and gives one back,
 * so the owned count stays, on the condition that it is within `max` (the quota still holds: 409
 * quota_exceeded); the lock of the customer given back, if any, ends. One update, since a transaction
 * may not touch the counters item twice.
 */
export function exchangeCountStep(
  tenantId: string,
  userId: string,
  max: number | null,
  locksReleased: number,
): Step {
  return {
    item: {
      Update: {
        TableName: TABLE(),
        Key: userCountersKey(tenantId, userId),
        UpdateExpression: `SET #type = :type ADD ownedCount :zero${locksReleased ? ', lockedCount :unlocked' : ''}`,
        ...(max === null
          ? {}
          : { ConditionExpression: 'attribute_not_exists(ownedCount) OR ownedCount <= :max' }),
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'userCounters',
          ':zero': 0,
          ...(locksReleased ? { ':unlocked': -locksReleased } : {}),
          ...(max === null ? {} : { ':max': max }),
        },
      },
    },
    fail: () =>
      new Conflict('quota_exceeded', `The owner already has the maximum of ${max} customers.`, {
        userId,
        max,
      }),
  };
}

export async function getCounters(tenantId: string, userId: string) {
  const out = await db().send(new GetCommand({ TableName: TABLE(), Key: userCountersKey(tenantId, userId) }));
  return {
    ownedCount: (out.Item?.ownedCount as number | undefined) ?? 0,
    lockedCount: (out.Item?.lockedCount as number | undefined) ?? 0,
  };
}

// ---- the reclaim job's pointers ----------------------------------------------------------------

/**
 * Every item of a cross-tenant pointer partition of the reclaim index (pools that reclaim, open
 * recomputes): small items, few. Not through queryPage: its cursors are bound to one tenant.
 */
export async function readPointers(list: {
  index: 'reclaimDue';
  pk: string;
}): Promise<Record<string, unknown>[]> {
  const { pk } = indexKeys(list.index);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: TABLE(),
        IndexName: list.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pk },
        ExpressionAttributeValues: { ':pk': list.pk },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export const toTask = (item: Record<string, unknown>): RecomputeTask => strip<RecomputeTask>(item);

export async function getTask(tenantId: string, poolId: string): Promise<RecomputeTask | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: poolRecomputeKey(tenantId, poolId), ConsistentRead: true }),
  );
  return out.Item ? toTask(out.Item) : undefined;
}

/**
 * Moves a task's checkpoint on (or removes the task when `cursor` is undefined: done), on the
 * condition that no newer rules replaced it meanwhile. False when they did.
 */
export async function advanceTask(task: RecomputeTask, cursor: string | null | undefined, at: string) {
  const condition = {
    ConditionExpression: 'rulesVersion = :v',
    ExpressionAttributeValues: { ':v': task.rulesVersion },
  };
  try {
    if (cursor === undefined) {
      await commit([
        {
          item: {
            Delete: { TableName: TABLE(), Key: poolRecomputeKey(task.tenantId, task.poolId), ...condition },
          },
          fail: () => new StaleTask(),
        },
      ]);
    } else {
      await commit([
        {
          item: {
            Put: { TableName: TABLE(), Item: taskItem({ ...task, cursor, advancedAt: at }), ...condition },
          },
          fail: () => new StaleTask(),
        },
      ]);
    }
    return true;
  } catch (error) {
    if (error instanceof StaleTask) return false;
    throw error;
  }
}

class StaleTask extends Error {}
