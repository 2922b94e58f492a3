import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../db/client.ts';
import { atVersion, stripper, withCondition } from '../../db/items.ts';
import { type Key, officeKeys as k } from '../../db/keys.ts';
import { type Page, queryAll, queryPage } from '../../db/query.ts';
import { commitSteps, deleteStep, isConditionFailed, NEW_ITEM, putStep, type Step } from '../../db/write.ts';
import { Conflict, PreconditionFailed } from '../../http/errors.ts';
import type { Comment } from '../schemas.ts';
import type { WorklogRecord } from './rules.ts';
import type { Kind, Rule, Worklog } from './schemas.ts';

const strip = stripper(['authorRolePath', 'whose']);
export const toWorklog = (item: Record<string, unknown>) => strip<Worklog>(item);
const toRecord = (item: Record<string, unknown>) => stripper(['whose'])<WorklogRecord>(item);
export const publicWorklog = (w: WorklogRecord): Worklog =>
  strip<Worklog>(w as unknown as Record<string, unknown>);

export class StaleWorklog extends PreconditionFailed {}
const duplicate = () =>
  new Conflict('duplicate_worklog', 'You have a log of this kind for this period already; edit it instead.');

export const worklogItem = (tenantId: string, w: WorklogRecord) => ({
  ...k.worklogKey(tenantId, w.id),
  type: 'worklog',
  ...w,
  ...k.worklogListKeys(tenantId, 'MINE', w.kind, w.authorId, w.period, w.id),
  ...k.worklogBelowKeys(tenantId, w.kind, w.authorRolePath, w.authorId, w.submittedAt, w.id),
});

const recipientItem = (tenantId: string, w: WorklogRecord, userId: string) => ({
  ...k.worklogRecipientKey(tenantId, w.id, userId),
  type: 'worklogRecipient',
  ...publicWorklog(w),
  whose: userId,
  ...k.worklogListKeys(tenantId, 'TO', w.kind, userId, w.period, w.id),
});

/** The period's submission: one per author, kind and period (the 409), and the completion report's entry. */
export const periodItem = (tenantId: string, w: WorklogRecord) => ({
  ...k.worklogPeriodKey(tenantId, w.kind, w.period, w.authorId),
  type: 'worklogSubmission',
  userId: w.authorId,
  name: w.authorName,
  rolePath: w.authorRolePath,
  worklogId: w.id,
  submittedAt: w.submittedAt,
  late: w.late,
  ...k.worklogCompletionKeys(tenantId, w.kind, w.period, w.authorRolePath, w.authorId),
});

/** Someone the rules owe a period's log of, until their submission takes the same key over. */
const expectedItem = (tenantId: string, kind: Kind, period: string, u: RosterPerson) => ({
  ...k.worklogPeriodKey(tenantId, kind, period, u.userId),
  type: EXPECTED,
  userId: u.userId,
  name: u.name,
  rolePath: u.rolePath,
  ...k.worklogCompletionKeys(tenantId, kind, period, u.rolePath, u.userId),
});
const EXPECTED = 'worklogExpected';
const onlyExpected = {
  expression: '#type = :expected',
  names: { '#type': 'type' },
  values: { ':expected': EXPECTED },
};
const newOrExpected = {
  ...onlyExpected,
  expression: `attribute_not_exists(pk) OR ${onlyExpected.expression}`,
};

export function worklogSteps(
  tenantId: string,
  before: WorklogRecord | undefined,
  after: WorklogRecord,
): Step[] {
  const steps: Step[] = [
    putStep(
      worklogItem(tenantId, after),
      () => new StaleWorklog(),
      before ? atVersion(before.version) : NEW_ITEM,
    ),
    ...after.recipientIds.map((u) => putStep(recipientItem(tenantId, after, u), () => new StaleWorklog())),
  ];
  if (!before) steps.push(putStep(periodItem(tenantId, after), duplicate, newOrExpected));
  for (const u of before?.recipientIds ?? [])
    if (!after.recipientIds.includes(u))
      steps.push(deleteStep(k.worklogRecipientKey(tenantId, after.id, u), () => new StaleWorklog()));
  return steps;
}

/** The log's period submission, following its author's role path and name (the owner sync). */
export const submissionMovedStep = (tenantId: string, w: WorklogRecord): Step =>
  putStep(periodItem(tenantId, w), () => new StaleWorklog(), {
    expression: 'attribute_not_exists(pk) OR worklogId = :id',
    values: { ':id': w.id },
  });

export const commit = (steps: Step[]) =>
  commitSteps(steps, { exhausted: () => new Conflict('busy', 'Retry.') });

export async function getWorklog(tenantId: string, id: string): Promise<WorklogRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: k.worklogKey(tenantId, id), ConsistentRead: true }),
  );
  return out.Item ? toRecord(out.Item) : undefined;
}

export async function listPage(
  tenantId: string,
  spec: { list: 'MINE' | 'TO'; userId: string } | { below: string },
  kind: Kind,
  periods: { from?: string; to?: string },
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Worklog>> {
  const lo = periods.from ?? '0';
  const hi = `${periods.to ?? '9'}#~`;
  const fingerprint = `worklogs:${JSON.stringify(spec)}:${kind}:${lo}:${hi}`;
  const result =
    'below' in spec
      ? await queryPage<Record<string, unknown>>({
          tenantId,
          ...(() => {
            const q = k.worklogsBelowQuery(tenantId, kind, spec.below);
            return { index: q.index, pk: q.pk, sk: { beginsWith: q.skPrefix } };
          })(),
          ...page,
          ascending: true,
          ...(periods.from || periods.to
            ? {
                filter: {
                  expression: '#p BETWEEN :lo AND :hi',
                  names: { '#p': 'period' },
                  values: { ':lo': lo, ':hi': hi },
                },
              }
            : {}),
          fingerprint,
        })
      : await queryPage<Record<string, unknown>>({
          tenantId,
          index: 'agendaByUser',
          pk: k.worklogListQuery(tenantId, spec.list, kind, spec.userId).pk,
          sk: { between: [lo, hi] },
          ...page,
          ascending: false,
          fingerprint,
        });
  return { items: result.items.map(toWorklog), nextCursor: result.nextCursor };
}

export interface RosterPerson {
  userId: string;
  name: string;
  rolePath: string;
}
export interface PeriodEntry extends RosterPerson {
  /** Null while only expected. */
  submission: { worklogId: string; submittedAt: string; late: boolean } | null;
}
const toEntry = (i: Record<string, unknown>): PeriodEntry => ({
  userId: i.userId as string,
  name: i.name as string,
  rolePath: i.rolePath as string,
  submission:
    i.type === EXPECTED
      ? null
      : { worklogId: i.worklogId as string, submittedAt: i.submittedAt as string, late: i.late === true },
});
const isEntry = (i: Record<string, unknown>) => i.type === EXPECTED || i.type === 'worklogSubmission';

/** Everything in a period's partition (consistent): its entries and the roster's rules, if written. */
async function periodPartition(tenantId: string, kind: Kind, period: string) {
  const { pk } = k.worklogPeriodPrefix(tenantId, kind, period);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk, consistent: true });
  const marker = items.find((i) => i.type === 'worklogRoster');
  return { items: items.filter(isEntry), rules: marker ? (marker.rules as Rule[]) : undefined };
}

/** The period's submissions, read from its partition (the report of a period no roster was written for). */
export async function submissions(tenantId: string, kind: Kind, period: string) {
  return (await periodPartition(tenantId, kind, period)).items.map(toEntry).filter((e) => e.submission);
}

/** The rules a period's roster was drawn from, when the worklog-reminders job has written it. */
export async function rosterRules(tenantId: string, kind: Kind, period: string) {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: k.worklogRosterKey(tenantId, kind, period) }),
  );
  return out.Item ? (out.Item.rules as Rule[]) : undefined;
}

/** A subtree's people of a period, submitted or expected: one Query, one item per person. */
export async function completionEntries(tenantId: string, kind: Kind, period: string, scopePath: string) {
  const q = k.worklogCompletionQuery(tenantId, kind, period, scopePath);
  const items = await queryAll<Record<string, unknown>>({
    tenantId,
    index: q.index,
    pk: q.pk,
    sk: { beginsWith: q.skPrefix },
  });
  return items.map(toEntry);
}

/**
 * Makes a period's expected entries those of `expected` (the rules' people as they are now) and
 * records the rules: adds the new, moves the re-roled or renamed, drops who is no longer owed a log,
 * each only while it is still only expected (a submission that lands meanwhile wins). Also gives a
 * submission from before the report had its index keys those keys. Writes only what differs, so a
 * re-run changes nothing. Returns the period's entries as they now are.
 */
export async function syncRoster(
  tenantId: string,
  kind: Kind,
  period: string,
  expected: RosterPerson[],
  rules: Rule[],
): Promise<PeriodEntry[]> {
  const { items } = await periodPartition(tenantId, kind, period);
  const stored = new Map(items.map((i) => [i.userId as string, i]));
  const wanted = new Map(expected.map((u) => [u.userId, u]));
  const puts: Array<{ item: Record<string, unknown>; condition?: typeof onlyExpected }> = [];
  const deletes: Key[] = [];
  for (const u of expected) {
    const i = stored.get(u.userId);
    if (!i)
      puts.push({
        item: expectedItem(tenantId, kind, period, u),
        condition: { expression: 'attribute_not_exists(pk)' } as typeof onlyExpected,
      });
    else if (i.type === EXPECTED && (i.rolePath !== u.rolePath || i.name !== u.name))
      puts.push({ item: expectedItem(tenantId, kind, period, u), condition: onlyExpected });
  }
  for (const i of items) {
    if (i.type === EXPECTED && !wanted.has(i.userId as string))
      deletes.push(k.worklogPeriodKey(tenantId, kind, period, i.userId as string));
    if (i.type === 'worklogSubmission' && !i.pipelineBelowPk)
      puts.push({
        item: {
          ...i,
          ...k.worklogCompletionKeys(tenantId, kind, period, i.rolePath as string, i.userId as string),
        },
      });
  }
  const lost = (error: unknown) => {
    if (!isConditionFailed(error)) throw error;
  };
  await Promise.all([
    ...puts.map(({ item, condition }) =>
      db()
        .send(
          new PutCommand(
            condition
              ? withCondition({ TableName: tableName(), Item: item }, condition)
              : { TableName: tableName(), Item: item },
          ),
        )
        .catch(lost),
    ),
    ...deletes.map((Key) =>
      db()
        .send(new DeleteCommand(withCondition({ TableName: tableName(), Key }, onlyExpected)))
        .catch(lost),
    ),
  ]);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...k.worklogRosterKey(tenantId, kind, period), type: 'worklogRoster', rules },
    }),
  );
  return (await periodPartition(tenantId, kind, period)).items.map(toEntry);
}

// ---- comments and likes ------------------------------------------------------------------------

export const commentStep = (tenantId: string, id: string, c: Comment): Step =>
  putStep(
    { ...k.worklogCommentKey(tenantId, id, c.id), type: 'worklogComment', ...c },
    () => new Error('comment exists'),
    NEW_ITEM,
  );

export async function childPage(
  tenantId: string,
  id: string,
  child: 'COMMENT' | 'LIKE',
  page: { limit: number; cursor?: string | undefined },
) {
  const { pk, skPrefix } = k.worklogChildPrefix(tenantId, id, child);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    fingerprint: `worklog-${child}:${id}`,
  });
  return {
    items: result.items.map((i) => stripper()<Record<string, unknown>>(i)),
    nextCursor: result.nextCursor,
  };
}

export async function likes(tenantId: string, id: string) {
  const { pk, skPrefix } = k.worklogChildPrefix(tenantId, id, 'LIKE');
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk, sk: { beginsWith: skPrefix } });
  return items.map((i) => ({ userId: i.userId as string, name: i.name as string }));
}

/** A like is an item per user: liking twice is one like, unliking what was not liked is nothing. */
export const like = (tenantId: string, id: string, user: { userId: string; name: string }) =>
  commit([
    putStep(
      { ...k.worklogLikeKey(tenantId, id, user.userId), type: 'worklogLike', ...user },
      () => new Error('like'),
    ),
  ]);
export const unlike = (tenantId: string, id: string, userId: string) =>
  commit([deleteStep(k.worklogLikeKey(tenantId, id, userId), () => new Error('unlike'))]);

// ---- rules -------------------------------------------------------------------------------------

export async function getRules(tenantId: string): Promise<{ rules: Rule[]; version: number }> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: k.worklogRulesKey(tenantId) }));
  return out.Item
    ? { rules: out.Item.rules as Rule[], version: out.Item.version as number }
    : { rules: [], version: 0 };
}

export const putRules = (tenantId: string, rules: Rule[], expected: number) =>
  commit([
    putStep(
      { ...k.worklogRulesKey(tenantId), type: 'worklogRules', rules, version: expected + 1 },
      () => new PreconditionFailed(),
      expected === 0 ? NEW_ITEM : atVersion(expected),
    ),
  ]);
