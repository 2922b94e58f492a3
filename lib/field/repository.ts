import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { db, tableName } from '../db/client.ts';
import { stripper } from '../db/items.ts';
import { checkinKey, checkinRefKey, checkinsOf, type GeoList, geoCellsQuery } from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import { isConditionFailed, NEW_ITEM, putStep, type Step } from '../db/write.ts';
import type { CellRun } from '../geo.ts';
import { Conflict } from '../http/errors.ts';
import type { CellEntry } from './rules.ts';
import type { Checkin } from './schemas.ts';

/**
 * Field sales' reads and writes: runs of geo cells (the customers' cell items, written by
 * lib/customers in the customer's transaction) and check-ins, one partition per user.
 */

const TABLE = () => tableName();
const strip = stripper([]);

// ---- nearby ------------------------------------------------------------------------------------

/** Every customer in a run of cells of one list; `read` counts the items DynamoDB returned. */
export async function cellRun(
  tenantId: string,
  list: GeoList,
  run: CellRun,
): Promise<{ entries: CellEntry[]; read: number }> {
  const q = geoCellsQuery(tenantId, list, run.first, run.last);
  const entries: CellEntry[] = [];
  let read = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: TABLE(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': q.pk, ':lo': q.between[0], ':hi': q.between[1] },
        ExclusiveStartKey: start,
      }),
    );
    read += out.ScannedCount ?? 0;
    entries.push(...((out.Items ?? []) as CellEntry[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return { entries, read };
}

// ---- check-ins ---------------------------------------------------------------------------------

const checkinItem = (tenantId: string, c: Checkin & { userRolePath: string }) => ({
  ...checkinKey(tenantId, c.userId, c.id),
  type: 'checkin',
  ...c,
});

/** A new check-in and the reference naming its user. */
export const newCheckinSteps = (tenantId: string, c: Checkin & { userRolePath: string }): Step[] => [
  putStep(checkinItem(tenantId, c), () => new Error(`check-in ${c.id} exists`), NEW_ITEM),
  putStep(
    { ...checkinRefKey(tenantId, c.id), type: 'checkinRef', id: c.id, userId: c.userId },
    () => new Error(`check-in ${c.id} exists`),
    NEW_ITEM,
  ),
];

const toCheckin = (item: Record<string, unknown>) => {
  const { userRolePath: _, ...c } = strip<Checkin & { userRolePath?: string }>(item);
  // Check-ins from before photos carry none.
  return { ...c, attachments: c.attachments ?? [] };
};

/** A check-in by id, with the role path of its user when it was made (who is above them). */
export async function getCheckin(
  tenantId: string,
  id: string,
): Promise<(Checkin & { userRolePath: string }) | undefined> {
  const ref = await db().send(new GetCommand({ TableName: TABLE(), Key: checkinRefKey(tenantId, id) }));
  if (!ref.Item) return undefined;
  const out = await db().send(
    new GetCommand({
      TableName: TABLE(),
      Key: checkinKey(tenantId, String(ref.Item.userId), id),
      ConsistentRead: true,
    }),
  );
  return out.Item ? { ...toCheckin(out.Item), userRolePath: String(out.Item.userRolePath) } : undefined;
}

/** Checks out once (409 already_checked_out). */
export async function checkOut(tenantId: string, c: Checkin, at: string, durationS: number): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: checkinKey(tenantId, c.userId, c.id),
        UpdateExpression: 'SET checkedOutAt = :at, durationS = :d, version = version + :one',
        ConditionExpression: 'attribute_exists(pk) AND checkedOutAt = :none',
        ExpressionAttributeValues: { ':at': at, ':d': durationS, ':one': 1, ':none': null },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error))
      throw new Conflict('already_checked_out', 'This check-in has been checked out already.');
    throw error;
  }
}

/** The id range of check-ins made between two instants (ids are ULIDs of the check-in instant). */
const idRange = (from: string, to: string): [string, string] => [
  `${encodeTime(Date.parse(from), 10)}${'0'.repeat(16)}`,
  `${encodeTime(Date.parse(to), 10)}${'Z'.repeat(16)}`,
];

/** A user's check-ins between two instants, newest first. */
export async function listCheckins(
  tenantId: string,
  userId: string,
  range: { from: string; to: string },
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Checkin>> {
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk: checkinsOf(tenantId, userId).pk,
    sk: { between: idRange(range.from, range.to) },
    ...page,
    ascending: false,
    fingerprint: `checkins:${userId}:${range.from}:${range.to}`,
  });
  return { items: result.items.map(toCheckin), nextCursor: result.nextCursor };
}

/** Every check-in of a user between two instants (visit analytics: one user's month is small). */
export async function allCheckins(tenantId: string, userId: string, range: { from: string; to: string }) {
  const out: Checkin[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCheckins(tenantId, userId, range, { limit: 100, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}
