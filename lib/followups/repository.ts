import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Step } from '../customers/repository.ts';
import { db, tableName } from '../db/client.ts';
import { atVersion, stripper } from '../db/items.ts';
import {
  type AgendaList,
  agendaKeys,
  agendaQuery,
  birthdaysQuery,
  customerChildKey,
  customerChildPrefix,
  followUpRefKey,
  indexKeys,
  jobCheckpointKey,
  planIndexKeys,
  plansDueQuery,
  TENANT_REGISTRY_PK,
  TTL_ATTRIBUTE,
  timeRange,
} from '../db/keys.ts';
import { jobPages, type Page, type PageQuery, queryPage, scheduledBetween } from '../db/query.ts';
import { afterwards, deleteStep, isConditionFailed, NEW_ITEM, putStep } from '../db/write.ts';
import { PreconditionFailed, Unprocessable } from '../http/errors.ts';
import { type FollowUp, MAX_REPLIES, type Plan, type Reply } from './schemas.ts';

/**
 * The follow-up context's reads and writes. Records and plans are children of their customer, so
 * each change is one transaction with the customer (lib/customers `commit`); the steps built here
 * join it. Lists are Queries on `agendaByUser`; the jobs read `scheduled`.
 */

const TABLE = () => tableName();
const strip = stripper([TTL_ATTRIBUTE, 'authorRolePath']);

// ---- items and steps ---------------------------------------------------------------------------

/**
 * The record item (also what the bench seeds). `authorRolePath`, the author's role when writing,
 * lets analytics (lib/analytics) count the record for the author's teams; it stays in the item.
 */
export const followUpItem = (tenantId: string, f: FollowUp & { authorRolePath?: string }) => ({
  ...customerChildKey(tenantId, f.customerId, 'followup', f.id),
  type: 'followup',
  ...f,
  ...agendaKeys(tenantId, 'DONE', f.authorId, `${f.occurredAt}#${f.id}`),
});

/**
 * A plan as stored: the public plan, the due time it was last reminded at, and the role path of
 * the owner whose agenda it is on (kept with the customer's, lib/customers/repository.ts), which
 * shows a superior reading that agenda that the owner is below them without reading the owner.
 */
export interface PlanRecord extends Plan {
  remindedFor?: string | null;
  ownerRolePath?: string | null;
  /** Who made the change of this version through the API (the events' actor). */
  updatedBy?: { id: string; name: string; version: number } | null;
}

export const publicPlan = ({ remindedFor: _r, ownerRolePath: _o, updatedBy: _u, ...p }: PlanRecord): Plan =>
  p;

/** The plan item with the index attributes of its state. */
export const planItem = (tenantId: string, p: PlanRecord) => ({
  ...customerChildKey(tenantId, p.customerId, 'plan', p.id),
  type: 'plan',
  ...p,
  ...planIndexKeys(tenantId, p),
});

export const toPlan = (item: Record<string, unknown>): PlanRecord => strip<PlanRecord>(item);
export const toFollowUp = (item: Record<string, unknown>): FollowUp => strip<FollowUp>(item);

/** Which customer a follow-up or plan id belongs to: paths name them without it. */
export interface FollowUpRef {
  id: string;
  customerId: string;
  kind: 'followup' | 'plan';
}

export const refItem = (tenantId: string, ref: FollowUpRef) => ({
  ...followUpRefKey(tenantId, ref.id),
  type: 'followupRef',
  ...ref,
});

const refStep = (tenantId: string, ref: FollowUpRef): Step =>
  putStep(refItem(tenantId, ref), () => new Error(`the id ${ref.id} is taken`), NEW_ITEM);

/**
 * A new record and its reference, written once the customer's change went in (`after`): never in
 * its transaction, and never before it, where a change that does not go in would leave them (and
 * what the stream consumers made of them) behind.
 */
export const newFollowUpSteps = (tenantId: string, f: FollowUp & { authorRolePath?: string }): Step[] =>
  [
    putStep(followUpItem(tenantId, f), () => new Error(`the follow-up ${f.id} exists`), NEW_ITEM),
    refStep(tenantId, { id: f.id, customerId: f.customerId, kind: 'followup' }),
  ].map(afterwards);

/** A new plan and its reference, written once the customer holding it among its open plans is. */
export const newPlanSteps = (tenantId: string, p: PlanRecord): Step[] =>
  [
    putStep(planItem(tenantId, p), () => new Error(`the plan ${p.id} exists`), NEW_ITEM),
    refStep(tenantId, { id: p.id, customerId: p.customerId, kind: 'plan' }),
  ].map(afterwards);

/** The plan changed since the client (or this request) read it. */
export class StalePlan extends PreconditionFailed {}

/** Writes a plan over the version it was read at (412 when someone changed it since). */
export const planSaveStep = (tenantId: string, p: PlanRecord, expectedVersion: number): Step =>
  putStep(planItem(tenantId, p), () => new StalePlan(), atVersion(expectedVersion));

export const planDeleteSteps = (tenantId: string, p: PlanRecord): Step[] => [
  deleteStep(
    customerChildKey(tenantId, p.customerId, 'plan', p.id),
    () => new StalePlan(),
    atVersion(p.version),
  ),
  deleteStep(followUpRefKey(tenantId, p.id), () => new Error('plan reference delete failed')),
];

/** Appends a reply to its record, within the cap (422 too_many_replies). */
export const replyStep = (tenantId: string, f: Pick<FollowUp, 'id' | 'customerId'>, reply: Reply): Step => ({
  item: {
    Update: {
      TableName: TABLE(),
      Key: customerChildKey(tenantId, f.customerId, 'followup', f.id),
      UpdateExpression: 'SET replies = list_append(replies, :reply)',
      ConditionExpression: 'attribute_exists(pk) AND size(replies) < :max',
      ExpressionAttributeValues: { ':reply': [reply], ':max': MAX_REPLIES },
    },
  },
  fail: () =>
    new Unprocessable('too_many_replies', `A follow-up record takes at most ${MAX_REPLIES} replies.`),
});

// ---- reads -------------------------------------------------------------------------------------

export async function getRef(tenantId: string, id: string): Promise<FollowUpRef | undefined> {
  const out = await db().send(new GetCommand({ TableName: TABLE(), Key: followUpRefKey(tenantId, id) }));
  return out.Item ? strip<FollowUpRef>(out.Item) : undefined;
}

async function getChild(tenantId: string, customerId: string, kind: 'followup' | 'plan', id: string) {
  const out = await db().send(
    new GetCommand({
      TableName: TABLE(),
      Key: customerChildKey(tenantId, customerId, kind, id),
      ConsistentRead: true,
    }),
  );
  return out.Item;
}

export async function getFollowUp(tenantId: string, customerId: string, id: string) {
  const item = await getChild(tenantId, customerId, 'followup', id);
  return item ? toFollowUp(item) : undefined;
}

export async function getPlan(tenantId: string, customerId: string, id: string) {
  const item = await getChild(tenantId, customerId, 'plan', id);
  return item ? toPlan(item) : undefined;
}

/** A customer's follow-up records, newest first (their ids are ULIDs of when they happened). */
export async function listFollowUps(
  tenantId: string,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<FollowUp>> {
  const { pk, skPrefix } = customerChildPrefix(tenantId, customerId, 'followup');
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    ascending: false,
    fingerprint: `followups:${customerId}`,
  });
  return { items: result.items.map(toFollowUp), nextCursor: result.nextCursor };
}

/** A key condition on an agenda list: a time range, everything before an instant, or the whole list. */
export type AgendaRange = { between: [string, string] } | { before: string } | { all: true };

const skCondition = (r: AgendaRange): PageQuery['sk'] =>
  'between' in r
    ? { between: timeRange(...r.between) }
    : 'before' in r
      ? // `<time>#<id>` sorts after `<time>`: lte an instant keeps exactly what is strictly before it.
        { lte: r.before }
      : undefined;

/** One page of a user's agenda list, as stored items. */
export async function agendaPage(
  tenantId: string,
  list: AgendaList,
  userId: string,
  r: AgendaRange,
  page: { limit: number; cursor?: string | undefined; ascending: boolean; fingerprint: string },
): Promise<Page<Record<string, unknown>>> {
  const { index, pk } = agendaQuery(tenantId, list, userId);
  const sk = skCondition(r);
  return queryPage<Record<string, unknown>>({
    tenantId,
    index,
    pk,
    ...(sk ? { sk } : {}),
    limit: page.limit,
    cursor: page.cursor,
    ascending: page.ascending,
    fingerprint: `agenda:${list}:${userId}:${page.fingerprint}`,
  });
}

/**
 * How many entries an agenda list holds, counted up to `cap` (a COUNT Query reads at most `cap`
 * items whatever the list's length): `more` when it holds more.
 */
export async function agendaCount(
  tenantId: string,
  list: AgendaList,
  userId: string,
  r: AgendaRange,
  cap: number,
): Promise<{ count: number; more: boolean }> {
  const { index, pk } = agendaQuery(tenantId, list, userId);
  const attrs = indexKeys(index);
  const sk = skCondition(r);
  const names: Record<string, string> = { '#pk': attrs.pk };
  const values: Record<string, unknown> = { ':pk': pk };
  let condition = '#pk = :pk';
  if (sk && 'between' in sk) {
    condition += ' AND #sk BETWEEN :lo AND :hi';
    names['#sk'] = attrs.sk;
    [values[':lo'], values[':hi']] = sk.between;
  } else if (sk && 'lte' in sk) {
    condition += ' AND #sk <= :hi';
    names['#sk'] = attrs.sk;
    values[':hi'] = sk.lte;
  }
  const out = await db().send(
    new QueryCommand({
      TableName: TABLE(),
      IndexName: index,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      Select: 'COUNT',
      Limit: cap,
    }),
  );
  return { count: out.Count ?? 0, more: out.LastEvaluatedKey !== undefined };
}

// ---- jobs --------------------------------------------------------------------------------------

type Item = Record<string, unknown>;

/** Open, owned, not yet reminded plans due within a window on one UTC day, across tenants. */
export async function* plansDue(
  day: string,
  from: string,
  to: string,
): AsyncGenerator<PlanRecord & { tenantId: string }> {
  for await (const { item, tenantId } of scheduledBetween(plansDueQuery(day, from, to)))
    yield { ...toPlan(item), tenantId };
}

/**
 * Takes a plan off the reminders schedule once reminded at its due time; nothing when it changed
 * meanwhile (moved, closed, another owner): its new state decides its schedule.
 */
export async function markReminded(tenantId: string, p: PlanRecord): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: TABLE(),
        Key: customerChildKey(tenantId, p.customerId, 'plan', p.id),
        UpdateExpression: 'SET remindedFor = :due REMOVE scheduledPk, scheduledSk',
        ConditionExpression: '#status = :open AND dueAt = :due AND ownerId = :owner',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'open', ':due': p.dueAt, ':owner': p.ownerId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Customers and contacts whose birthday (MM-DD) falls within a range, in one tenant. */
export async function* birthdays(tenantId: string, from: string, to: string): AsyncGenerator<Item[]> {
  const q = birthdaysQuery(tenantId, from, to);
  const attrs = indexKeys(q.index);
  yield* jobPages({ index: q.index, pkName: attrs.pk, pk: q.pk, skName: attrs.sk, between: q.between });
}

/** Every tenant id after `after` (the registry is ordered by id), for the jobs that go tenant by tenant. */
export async function* tenantIds(after?: string): AsyncGenerator<string> {
  const pages = jobPages({ pkName: 'pk', pk: TENANT_REGISTRY_PK, skName: 'sk', ...(after ? { after } : {}) });
  for await (const page of pages) for (const item of page) yield item.sk as string;
}

export interface Checkpoint {
  /** The last tenant whose work is complete in this run scope. */
  tenantAfter?: string;
  done?: boolean;
  updatedAt: string;
}

const CHECKPOINT_TTL_DAYS = 14;

export async function getCheckpoint(job: string, scope: string): Promise<Checkpoint | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: jobCheckpointKey(job, scope), ConsistentRead: true }),
  );
  return out.Item ? strip<Checkpoint>(out.Item) : undefined;
}

export async function putCheckpoint(job: string, scope: string, c: Checkpoint): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: TABLE(),
      Item: {
        ...jobCheckpointKey(job, scope),
        type: 'jobCheckpoint',
        ...c,
        [TTL_ATTRIBUTE]: Math.floor(Date.parse(c.updatedAt) / 1000) + CHECKPOINT_TTL_DAYS * 86_400,
      },
    }),
  );
}
