import type { TaskView } from '../../db/keys.ts';
import { Unprocessable } from '../../http/errors.ts';
import type { NotifyInput } from '../../notifications/schemas.ts';
import { superiorOf, type Viewer } from '../access.ts';
import type { Task } from './schemas.ts';

/** A task as stored: the public task and what decides access and reminders. */
export interface TaskRecord extends Task {
  assigneeRolePath: string;
  creatorRolePath: string;
  /** The due time the assignee was last reminded at (the schedule drops the task then). */
  remindedFor?: string | null;
}

/** Creator, assignee, their superiors: they edit, complete, reopen and delete. */
export const canEdit = (v: Viewer, t: TaskRecord) =>
  v.userId === t.createdBy ||
  v.userId === t.assigneeId ||
  superiorOf(v, t.creatorRolePath, t.assigneeRolePath);

/** Everyone on the task (participants, cc) reads it and comments; so do the editors. */
export const canRead = (v: Viewer, t: TaskRecord) =>
  canEdit(v, t) || t.participantIds.includes(v.userId) || t.ccUserIds.includes(v.userId);

/** The lists a task is on: one entry per (view, whose), `whose` a user or the linked customer. */
export function viewsOf(
  t: Pick<Task, 'assigneeId' | 'createdBy' | 'participantIds' | 'ccUserIds' | 'customerId'>,
) {
  const entries: Array<{ view: TaskView; whose: string }> = [
    { view: 'ASSIGNED', whose: t.assigneeId },
    { view: 'CREATED', whose: t.createdBy },
    ...t.participantIds.map((whose) => ({ view: 'PARTICIPATING' as const, whose })),
    ...t.ccUserIds.map((whose) => ({ view: 'CC' as const, whose })),
  ];
  if (t.customerId) entries.push({ view: 'CUSTOMER', whose: t.customerId });
  return entries;
}

/** A subtask hangs under a top-level task only (one level). */
export function checkParent(parent: Pick<Task, 'parentId'>): void {
  if (parent.parentId)
    throw new Unprocessable('nested_subtask', 'A subtask cannot have subtasks of its own (one level only).');
}

export function complete(t: TaskRecord, by: string, at: string): TaskRecord {
  return { ...t, status: 'done', completedAt: at, completedBy: by, updatedAt: at, version: t.version + 1 };
}

export function reopen(t: TaskRecord, at: string): TaskRecord {
  return {
    ...t,
    status: 'open',
    completedAt: null,
    completedBy: null,
    updatedAt: at,
    version: t.version + 1,
  };
}

/** How far ahead of its due time a task's assignee is reminded. */
export const TASK_REMINDER_LEAD_MINUTES = 30;

export function taskDueNotice(
  t: Pick<Task, 'id' | 'title' | 'dueAt'>,
  localDue: string,
): NotifyInput & { sms: string } {
  return {
    kind: 'taskDue',
    title: `任务即将到期：${t.title}`,
    body: `任务「${t.title}」将于 ${localDue} 到期`,
    link: `/v1/tasks/${t.id}`,
    dedupeKey: `task-due:${t.id}:${t.dueAt}`,
    sms: `【任务提醒】任务「${t.title}」将于 ${localDue} 到期`,
  };
}

export function taskDoneNotice(t: Pick<Task, 'id' | 'title' | 'completedAt'>, byName: string): NotifyInput {
  return {
    kind: 'taskDone',
    title: `任务已完成：${t.title}`,
    body: `${byName} 完成了任务「${t.title}」`,
    link: `/v1/tasks/${t.id}`,
    dedupeKey: `task-done:${t.id}:${t.completedAt}`,
  };
}
