import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../db/client.ts';
import { atVersion, stripper } from '../../db/items.ts';
import { officeKeys as k, type TaskStatus, type TaskView } from '../../db/keys.ts';
import { type Page, queryAll, queryPage, scheduledBetween } from '../../db/query.ts';
import { commitSteps, deleteStep, isConditionFailed, NEW_ITEM, putStep, type Step } from '../../db/write.ts';
import { Conflict, PreconditionFailed } from '../../http/errors.ts';
import type { Comment } from '../schemas.ts';
import { type TaskRecord, viewsOf } from './rules.ts';
import type { SubtaskSummary, Task } from './schemas.ts';

/**
 * Tasks' reads and writes. A task, its list entries and its parent's summary of it change in one
 * transaction, conditioned on the task's version: the lists never disagree with the task.
 */

const strip = stripper([
  'assigneeRolePath',
  'creatorRolePath',
  'remindedFor',
  'subtaskCount',
  'view',
  'whose',
]);
const stripRecord = stripper(['view', 'whose']);

export const toTask = (item: Record<string, unknown>): Task => strip<Task>(item);
const toRecord = (item: Record<string, unknown>): TaskRecord => stripRecord<TaskRecord>(item);
export const publicTask = (t: TaskRecord): Task => strip<Task>(t as unknown as Record<string, unknown>);

export const taskItem = (tenantId: string, t: TaskRecord) => ({
  ...k.taskKey(tenantId, t.id),
  type: 'task',
  ...t,
  ...k.taskIndexKeys(tenantId, t),
});

/** A copy of the task on one list (what a list page renders). */
export const taskViewItem = (tenantId: string, t: TaskRecord, view: TaskView, whose: string) => ({
  ...k.taskViewKey(tenantId, t.id, view, whose),
  type: 'taskView',
  ...publicTask(t),
  view,
  whose,
  ...k.taskViewIndexKeys(tenantId, view, whose, t),
});

const summaryOf = (t: TaskRecord): SubtaskSummary => ({
  id: t.id,
  title: t.title,
  status: t.status,
  assigneeId: t.assigneeId,
  assigneeName: t.assigneeName,
  dueAt: t.dueAt,
});

/** The task changed since it was read (the client's If-Match, or a concurrent writer). */
export class StaleTask extends PreconditionFailed {}

const viewKeyOf = (t: TaskRecord) =>
  new Map(viewsOf(t).map(({ view, whose }) => [`${view}#${whose}`, { view, whose }]));

/**
 * The writes that take a task from `before` (absent: a new task) to `after` (absent: deleted): the
 * task at the version read, each list entry it is on, the entries it left, its parent's summary.
 */
export function taskSteps(
  tenantId: string,
  before: TaskRecord | undefined,
  after: TaskRecord | undefined,
): Step[] {
  const steps: Step[] = [];
  const subject = (after ?? before) as TaskRecord;
  if (after)
    steps.push(
      putStep(
        taskItem(tenantId, after),
        () => new StaleTask(),
        before ? atVersion(before.version) : NEW_ITEM,
      ),
    );
  else
    steps.push(
      deleteStep(
        k.taskKey(tenantId, subject.id),
        () => new StaleTask(),
        atVersion((before as TaskRecord).version),
      ),
    );
  const now = after ? viewKeyOf(after) : new Map();
  for (const { view, whose } of now.values())
    steps.push(putStep(taskViewItem(tenantId, after as TaskRecord, view, whose), () => new StaleTask()));
  if (before)
    for (const [key, { view, whose }] of viewKeyOf(before))
      if (!now.has(key))
        steps.push(deleteStep(k.taskViewKey(tenantId, subject.id, view, whose), () => new StaleTask()));
  if (subject.parentId) {
    const key = k.subtaskKey(tenantId, subject.parentId, subject.id);
    steps.push(
      after
        ? putStep({ ...key, type: 'subtask', ...summaryOf(after) }, () => new StaleTask())
        : deleteStep(key, () => new StaleTask()),
    );
  }
  return steps;
}

/**
 * A subtask's arrival at (+1) or departure from (-1) its parent: the parent must exist and be a
 * top-level task (one level of subtasks), and its count of subtasks guards its own deletion.
 */
export const parentCountStep = (tenantId: string, parentId: string, delta: 1 | -1): Step => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: k.taskKey(tenantId, parentId),
      UpdateExpression: 'ADD subtaskCount :d, version :one',
      ConditionExpression: 'attribute_exists(pk) AND parentId = :none',
      ExpressionAttributeValues: { ':d': delta, ':one': 1, ':none': null },
    },
  },
  fail: () => new Conflict('parent_gone', 'The parent task is gone or is a subtask itself.'),
});

export const commit = (steps: Step[]) =>
  commitSteps(steps, { exhausted: () => new Conflict('busy', 'The task is busy; retry.') });

export async function getTask(tenantId: string, id: string): Promise<TaskRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: k.taskKey(tenantId, id), ConsistentRead: true }),
  );
  return out.Item ? toRecord(out.Item) : undefined;
}

export async function subtasksOf(tenantId: string, id: string): Promise<SubtaskSummary[]> {
  const { pk, skPrefix } = k.subtasksPrefix(tenantId, id);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk, sk: { beginsWith: skPrefix } });
  return items.map((item) => stripper()<SubtaskSummary>(item));
}

/** One page of a user's (or customer's) list, by view and status. */
export async function viewPage(
  tenantId: string,
  view: TaskView,
  status: TaskStatus,
  whose: string,
  page: { limit: number; cursor?: string | undefined },
  range?: [string, string],
): Promise<Page<Task>> {
  const q = k.taskViewQuery(tenantId, view, status, whose);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    index: q.index,
    pk: q.pk,
    ...(range ? { sk: { between: range } } : {}),
    ...page,
    fingerprint: `tasks:${view}:${status}:${whose}:${range?.join('/') ?? ''}`,
  });
  return { items: result.items.map(toTask), nextCursor: result.nextCursor };
}

/** One page of the tasks assigned to anyone below a role path. */
export async function belowPage(
  tenantId: string,
  status: TaskStatus,
  rolePath: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Task>> {
  const q = k.tasksBelowQuery(tenantId, status, rolePath);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    index: q.index,
    pk: q.pk,
    sk: { beginsWith: q.skPrefix },
    ...page,
    fingerprint: `tasks:below:${status}:${rolePath}`,
  });
  return { items: result.items.map(toTask), nextCursor: result.nextCursor };
}

// ---- comments ----------------------------------------------------------------------------------

export const commentStep = (tenantId: string, taskId: string, c: Comment): Step =>
  putStep(
    { ...k.taskCommentKey(tenantId, taskId, c.id), type: 'taskComment', taskId, ...c },
    () => new Error(`comment ${c.id} exists`),
    NEW_ITEM,
  );

export async function commentsPage(
  tenantId: string,
  taskId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Comment>> {
  const { pk, skPrefix } = k.taskCommentsPrefix(tenantId, taskId);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    fingerprint: `task-comments:${taskId}`,
  });
  return {
    items: result.items.map((item) => stripper(['taskId'])<Comment>(item)),
    nextCursor: result.nextCursor,
  };
}

/** Everything left under a deleted task (its comments): unreachable, removed after the task. */
export async function remainsOf(tenantId: string, id: string) {
  const { pk } = k.taskCollection(tenantId, id);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk });
  return items.map((item) => ({ pk: item.pk as string, sk: item.sk as string }));
}

// ---- reminders job -----------------------------------------------------------------------------

/** Open, not yet reminded tasks due within a window on one UTC day, across tenants. */
export async function* tasksDue(
  day: string,
  from: string,
  to: string,
): AsyncGenerator<TaskRecord & { tenantId: string }> {
  for await (const { item, tenantId } of scheduledBetween(k.tasksDueQuery(day, from, to)))
    yield { ...toRecord(item), tenantId };
}

/** Takes a task off the schedule once reminded at its due time; nothing when it changed meanwhile. */
export async function markReminded(tenantId: string, t: TaskRecord): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: k.taskKey(tenantId, t.id),
        UpdateExpression: 'SET remindedFor = :due REMOVE scheduledPk, scheduledSk',
        ConditionExpression: '#status = :open AND dueAt = :due',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'open', ':due': t.dueAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
