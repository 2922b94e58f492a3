import { ulid } from 'ulid';
import { now } from '../../clock.ts';
import { loadVisibleCustomer } from '../../customers/service.ts';
import { batchDelete } from '../../db/batch.ts';
import type { TaskView } from '../../db/keys.ts';
import type { Page } from '../../db/query.ts';
import type { Auth } from '../../http/auth.ts';
import { Conflict, Forbidden, NotFound } from '../../http/errors.ts';
import { notifySteps } from '../../notifications/service.ts';
import type { Comment } from '../schemas.ts';
import { activeUsers } from '../users.ts';
import { loadVisibleTask } from './load.ts';
import * as repo from './repository.ts';
import { canEdit, checkParent, complete, reopen, type TaskRecord, taskDoneNotice } from './rules.ts';
import type { CreateTaskInput, Task, TaskListQuery, UpdateTaskInput } from './schemas.ts';

/** Tasks (任务): assignment, participants and cc (知会), subtasks, comments, completion. */

const load = loadVisibleTask;

async function loadEditable(auth: Auth, id: string): Promise<TaskRecord> {
  const t = await load(auth, id);
  if (!canEdit(auth, t))
    throw new Forbidden(
      'Only the creator, the assignee and their superiors may change this task.',
      'not_editable',
    );
  return t;
}

async function customerName(auth: Auth, customerId: string | null | undefined) {
  if (!customerId) return null;
  const c = await loadVisibleCustomer(auth, customerId);
  return c.name;
}

export async function createTask(auth: Auth, input: CreateTaskInput): Promise<Task> {
  const at = now().toISOString();
  const users = await activeUsers(auth.tenantId, [
    { path: 'body.assigneeId', ids: [input.assigneeId] },
    { path: 'body.participantIds', ids: input.participantIds ?? [] },
    { path: 'body.ccUserIds', ids: input.ccUserIds ?? [] },
  ]);
  const assignee = users.get(input.assigneeId);
  if (!assignee) throw new NotFound('user');
  if (input.parentId) checkParent(await load(auth, input.parentId));
  const t: TaskRecord = {
    id: ulid(),
    title: input.title,
    description: input.description ?? '',
    assigneeId: assignee.id,
    assigneeName: assignee.name,
    participantIds: input.participantIds ?? [],
    ccUserIds: input.ccUserIds ?? [],
    priority: input.priority,
    dueAt: input.dueAt ? new Date(input.dueAt).toISOString() : null,
    customerId: input.customerId ?? null,
    customerName: await customerName(auth, input.customerId),
    parentId: input.parentId ?? null,
    labels: input.labels ?? [],
    status: 'open',
    completedAt: null,
    completedBy: null,
    createdBy: auth.userId,
    createdByName: auth.userName,
    createdAt: at,
    updatedAt: at,
    version: 1,
    assigneeRolePath: assignee.rolePath,
    creatorRolePath: auth.rolePath,
  };
  await repo.commit([
    ...repo.taskSteps(auth.tenantId, undefined, t),
    ...(t.parentId ? [repo.parentCountStep(auth.tenantId, t.parentId, 1)] : []),
    ...(t.assigneeId === auth.userId
      ? []
      : notifySteps(auth.tenantId, t.assigneeId, {
          kind: 'taskAssigned',
          title: `新任务：${t.title}`,
          body: `${auth.userName} 给你分配了任务「${t.title}」`,
          link: `/v1/tasks/${t.id}`,
          dedupeKey: `task-assigned:${t.id}:${t.assigneeId}`,
        })),
  ]);
  return repo.publicTask(t);
}

export async function getTask(auth: Auth, id: string) {
  const t = await load(auth, id);
  const subtasks = t.parentId ? [] : await repo.subtasksOf(auth.tenantId, t.id);
  return { ...repo.publicTask(t), subtasks };
}

export async function updateTask(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdateTaskInput,
): Promise<Task> {
  const users = await activeUsers(auth.tenantId, [
    ...(patch.assigneeId ? [{ path: 'body.assigneeId', ids: [patch.assigneeId] }] : []),
    { path: 'body.participantIds', ids: patch.participantIds ?? [] },
    { path: 'body.ccUserIds', ids: patch.ccUserIds ?? [] },
  ]);
  const t = await loadEditable(auth, id);
  if (t.version !== expected) throw new repo.StaleTask();
  const assignee = patch.assigneeId ? users.get(patch.assigneeId) : undefined;
  const { dueAt, customerId, assigneeId: _a, ...fields } = patch;
  const next: TaskRecord = {
    ...t,
    ...fields,
    ...(assignee
      ? { assigneeId: assignee.id, assigneeName: assignee.name, assigneeRolePath: assignee.rolePath }
      : {}),
    ...(dueAt !== undefined
      ? { dueAt: dueAt ? new Date(dueAt).toISOString() : null, remindedFor: null }
      : {}),
    ...(customerId !== undefined ? { customerId, customerName: await customerName(auth, customerId) } : {}),
    updatedAt: now().toISOString(),
    version: t.version + 1,
  };
  await repo.commit(repo.taskSteps(auth.tenantId, t, next));
  return repo.publicTask(next);
}

export async function deleteTask(auth: Auth, id: string): Promise<void> {
  const t = await loadEditable(auth, id);
  if (((t as { subtaskCount?: number }).subtaskCount ?? 0) > 0)
    throw new Conflict('has_subtasks', 'Delete the subtasks of this task first.');
  await repo.commit([
    ...repo.taskSteps(auth.tenantId, t, undefined),
    ...(t.parentId ? [repo.parentCountStep(auth.tenantId, t.parentId, -1)] : []),
  ]);
  await batchDelete(await repo.remainsOf(auth.tenantId, t.id));
}

/**
 * Completes an open task. Two completions at once record one: the task is written on the version
 * read, so the slower finds it done and answers with the completion that won.
 */
export async function completeTask(auth: Auth, id: string): Promise<Task> {
  for (;;) {
    const t = await loadEditable(auth, id);
    if (t.status === 'done') return repo.publicTask(t);
    const done = complete(t, auth.userId, now().toISOString());
    try {
      await repo.commit([
        ...repo.taskSteps(auth.tenantId, t, done),
        ...(t.createdBy === auth.userId
          ? []
          : notifySteps(auth.tenantId, t.createdBy, taskDoneNotice(done, auth.userName))),
      ]);
      return repo.publicTask(done);
    } catch (error) {
      if (!(error instanceof repo.StaleTask)) throw error;
    }
  }
}

export async function reopenTask(auth: Auth, id: string): Promise<Task> {
  for (;;) {
    const t = await loadEditable(auth, id);
    if (t.status === 'open') return repo.publicTask(t);
    const open = reopen(t, now().toISOString());
    try {
      await repo.commit(repo.taskSteps(auth.tenantId, t, open));
      return repo.publicTask(open);
    } catch (error) {
      if (!(error instanceof repo.StaleTask)) throw error;
    }
  }
}

const VIEWS: Record<string, TaskView> = {
  assigned: 'ASSIGNED',
  created: 'CREATED',
  participating: 'PARTICIPATING',
  cc: 'CC',
};

export async function listTasks(auth: Auth, q: TaskListQuery): Promise<Page<Task>> {
  const page = { limit: q.limit, cursor: q.cursor };
  if (q.view === 'subordinates') return repo.belowPage(auth.tenantId, q.status, auth.rolePath, page);
  if (q.view === 'customer') {
    const c = await loadVisibleCustomer(auth, q.customerId as string);
    return repo.viewPage(auth.tenantId, 'CUSTOMER', q.status, c.id, page);
  }
  return repo.viewPage(auth.tenantId, VIEWS[q.view] as TaskView, q.status, auth.userId, page);
}

/** Open tasks assigned to a user and due within a range (the calendar's overlay). */
export const tasksDueBetween = (auth: Auth, userId: string, from: string, to: string, limit: number) =>
  repo.viewPage(auth.tenantId, 'ASSIGNED', 'open', userId, { limit }, [from, `${to}#~`]);

// ---- comments ----------------------------------------------------------------------------------

export async function addComment(
  auth: Auth,
  id: string,
  content: string,
): Promise<Comment & { taskId: string }> {
  const t = await load(auth, id);
  const c: Comment = {
    id: ulid(),
    authorId: auth.userId,
    authorName: auth.userName,
    content,
    createdAt: now().toISOString(),
  };
  const told = [...new Set([t.assigneeId, t.createdBy])].filter((u) => u !== auth.userId);
  await repo.commit([
    repo.commentStep(auth.tenantId, t.id, c),
    ...told.flatMap((userId) =>
      notifySteps(auth.tenantId, userId, {
        kind: 'taskComment',
        title: `任务有新评论：${t.title}`,
        body: `${auth.userName}：${content.slice(0, 100)}`,
        link: `/v1/tasks/${t.id}`,
        dedupeKey: `task-comment:${c.id}`,
      }),
    ),
  ]);
  return { ...c, taskId: t.id };
}

export async function listComments(
  auth: Auth,
  id: string,
  page: { limit: number; cursor?: string | undefined },
) {
  const t = await load(auth, id);
  return repo.commentsPage(auth.tenantId, t.id, page);
}
