// Office (lib/office): tasks, schedules, announcements, work logs and the activity feed.

import { belowSk, invertedTime, SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * Tasks (任务). A task's item collection `T#t#TASK#<id>` holds the task (sk TASK), one view entry
 * per list it is on (sk VIEW#<view>#<user>; a copy of the task, so a list page renders without a
 * second read), its comments (COMMENT#<ulid>) and, for a parent, its subtasks' summaries (SUB#<id>).
 *
 * agendaByUser (shared with lib/followups, prefix TASKS):
 *   a user's tasks by view and status   T#t#TASKS#<VIEW>#<status>#<user>   open: <dueAt|~>#<id>
 *     (views: ASSIGNED, CREATED, PARTICIPATING, CC; CUSTOMER keyed by       done: <inverted completedAt>#<id>
 *     the linked customer's id instead of a user)
 * pipelineBelow (shared with lib/pipeline, prefix TASK#BELOW):
 *   tasks by the assignee's role path   T#t#TASK#BELOW#<status>            <rolePath>|<assignee>|<inverted createdAt>|<id>
 * scheduled (shared, cross-tenant like the plans):
 *   open tasks not yet reminded at      SCHED#TASK#<UTC day of dueAt>      <dueAt>#<tenantId>#<id>
 *     their due time
 */

export type TaskView = 'ASSIGNED' | 'CREATED' | 'PARTICIPATING' | 'CC' | 'CUSTOMER';
export type TaskStatus = 'open' | 'done';

const taskPk = (tenantId: string, id: string) => `${t(tenantId)}${SEP}TASK${SEP}${id}`;

export const taskKey = (tenantId: string, id: string): Key => ({ pk: taskPk(tenantId, id), sk: 'TASK' });
export const taskViewKey = (tenantId: string, id: string, view: TaskView, whose: string): Key => ({
  pk: taskPk(tenantId, id),
  sk: `VIEW${SEP}${view}${SEP}${whose}`,
});
export const taskCommentKey = (tenantId: string, taskId: string, commentId: string): Key => ({
  pk: taskPk(tenantId, taskId),
  sk: `COMMENT${SEP}${commentId}`,
});
export const taskCommentsPrefix = (tenantId: string, taskId: string) => ({
  pk: taskPk(tenantId, taskId),
  skPrefix: `COMMENT${SEP}`,
});
export const subtaskKey = (tenantId: string, parentId: string, id: string): Key => ({
  pk: taskPk(tenantId, parentId),
  sk: `SUB${SEP}${id}`,
});
export const subtasksPrefix = (tenantId: string, parentId: string) => ({
  pk: taskPk(tenantId, parentId),
  skPrefix: `SUB${SEP}`,
});
/** Everything stored under a task (its deletion). */
export const taskCollection = (tenantId: string, id: string) => ({ pk: taskPk(tenantId, id) });

const taskViewPk = (tenantId: string, view: TaskView, status: TaskStatus, whose: string) =>
  `${t(tenantId)}${SEP}TASKS${SEP}${view}${SEP}${status}${SEP}${whose}`;

/** The sort key of a task on a list: open by due time (undated last), done newest completion first. */
export const taskListSk = (task: {
  id: string;
  status: TaskStatus;
  dueAt: string | null;
  completedAt: string | null;
}) =>
  task.status === 'open'
    ? `${task.dueAt ?? '~'}${SEP}${task.id}`
    : `${invertedTime(task.completedAt ?? '1970-01-01T00:00:00.000Z')}${SEP}${task.id}`;

export const taskViewIndexKeys = (
  tenantId: string,
  view: TaskView,
  whose: string,
  task: { id: string; status: TaskStatus; dueAt: string | null; completedAt: string | null },
) => ({
  agendaByUserPk: taskViewPk(tenantId, view, task.status, whose),
  agendaByUserSk: taskListSk(task),
});
export const taskViewQuery = (tenantId: string, view: TaskView, status: TaskStatus, whose: string) => ({
  index: 'agendaByUser' as const,
  pk: taskViewPk(tenantId, view, status, whose),
});

const tasksBelowPk = (tenantId: string, status: TaskStatus) =>
  `${t(tenantId)}${SEP}TASK${SEP}BELOW${SEP}${status}`;
const tasksDuePk = (day: string) => `SCHED${SEP}TASK${SEP}${day}`;

/** The index attributes of a task item: below its assignee's role, and on the reminders schedule. */
export function taskIndexKeys(
  tenantId: string,
  task: {
    id: string;
    status: TaskStatus;
    dueAt: string | null;
    createdAt: string;
    assigneeId: string;
    assigneeRolePath: string;
    remindedFor?: string | null;
  },
): Record<string, string> {
  return {
    pipelineBelowPk: tasksBelowPk(tenantId, task.status),
    pipelineBelowSk: belowSk(task.assigneeRolePath, task.assigneeId, task.createdAt, task.id),
    ...(task.status === 'open' && task.dueAt && task.remindedFor !== task.dueAt
      ? {
          scheduledPk: tasksDuePk(task.dueAt.slice(0, 10)),
          scheduledSk: `${task.dueAt}${SEP}${tenantId}${SEP}${task.id}`,
        }
      : {}),
  };
}
/** Tasks assigned to anyone strictly below a role path. */
export const tasksBelowQuery = (tenantId: string, status: TaskStatus, rolePath: string) => ({
  index: 'pipelineBelow' as const,
  pk: tasksBelowPk(tenantId, status),
  skPrefix: `${rolePath}/`,
});
/** Open tasks due between two instants on one UTC day, across tenants (the reminders job). */
export const tasksDueQuery = (day: string, from: string, to: string) => ({
  index: 'scheduled' as const,
  pk: tasksDuePk(day),
  between: [from, `${to}${SEP}~`] as [string, string],
});

/*
 * Schedules (日程). An event's item collection `T#t#EVENT#<id>` holds the event (sk EVENT) and one
 * calendar entry per person and local day it touches (CAL#<user>#<date>; a recurring series: one
 * entry per person, CALR#<user>), each a copy of the event with that person's answer.
 *
 * agendaByUser (shared, prefixes CAL and CALR):
 *   one-off events by local day        T#t#CAL#<user>     <YYYY-MM-DD>#<eventId>
 *   recurring series by last day       T#t#CALR#<user>    <last local date|9999-12-31>#<eventId>
 * scheduled (cross-tenant):
 *   an event's next reminder           SCHED#EVENT#<UTC day>   <remindAt>#<tenantId>#<eventId>
 */

const eventPk = (tenantId: string, id: string) => `${t(tenantId)}${SEP}EVENT${SEP}${id}`;
export const eventKey = (tenantId: string, id: string): Key => ({ pk: eventPk(tenantId, id), sk: 'EVENT' });
export const eventDayKey = (tenantId: string, id: string, userId: string, date: string): Key => ({
  pk: eventPk(tenantId, id),
  sk: `CAL${SEP}${userId}${SEP}${date}`,
});
export const eventSeriesKey = (tenantId: string, id: string, userId: string): Key => ({
  pk: eventPk(tenantId, id),
  sk: `CALR${SEP}${userId}`,
});
export const eventEntriesPrefix = (tenantId: string, id: string, userId?: string) => ({
  pk: eventPk(tenantId, id),
  skPrefix: userId ? `CAL${SEP}${userId}${SEP}` : 'CAL',
});

const calendarPk = (tenantId: string, userId: string) => `${t(tenantId)}${SEP}CAL${SEP}${userId}`;
const seriesPk = (tenantId: string, userId: string) => `${t(tenantId)}${SEP}CALR${SEP}${userId}`;
export const NO_END = '9999-12-31';

export const eventDayIndexKeys = (tenantId: string, userId: string, date: string, id: string) => ({
  agendaByUserPk: calendarPk(tenantId, userId),
  agendaByUserSk: `${date}${SEP}${id}`,
});
export const eventSeriesIndexKeys = (
  tenantId: string,
  userId: string,
  lastDate: string | null,
  id: string,
) => ({
  agendaByUserPk: seriesPk(tenantId, userId),
  agendaByUserSk: `${lastDate ?? NO_END}${SEP}${id}`,
});
/** A user's one-off events on the local days between two dates (inclusive). */
export const calendarDaysQuery = (tenantId: string, userId: string, from: string, to: string) => ({
  index: 'agendaByUser' as const,
  pk: calendarPk(tenantId, userId),
  between: [from, `${to}${SEP}~`] as [string, string],
});
/** A user's recurring series still running on or after a local date. */
export const calendarSeriesQuery = (tenantId: string, userId: string, from: string) => ({
  index: 'agendaByUser' as const,
  pk: seriesPk(tenantId, userId),
  gte: from,
});

const eventsDuePk = (day: string) => `SCHED${SEP}EVENT${SEP}${day}`;
export const eventReminderKeys = (tenantId: string, id: string, remindAt: string | null) =>
  remindAt
    ? {
        scheduledPk: eventsDuePk(remindAt.slice(0, 10)),
        scheduledSk: `${remindAt}${SEP}${tenantId}${SEP}${id}`,
      }
    : {};
export const eventsDueQuery = (day: string, from: string, to: string) => ({
  index: 'scheduled' as const,
  pk: eventsDuePk(day),
  between: [from, `${to}${SEP}~`] as [string, string],
});

/*
 * Announcements (公告). An announcement's collection `T#t#ANN#<id>` holds the announcement (sk ANN)
 * and, written by the fan-out consumer, one recipient copy per user addressed (RCPT#<user>, with
 * their read state) and an unread marker while they have not read it (UNREAD#<user>).
 *
 * agendaByUser (shared, prefixes ANNBOX and ANNUNREAD):
 *   a user's announcements, pinned first, newest first   T#t#ANNBOX#<user>     <0 pinned|1>#<inverted publishedAt>#<id>
 *   the ones they have not read                           T#t#ANNUNREAD#<user>  same
 */

const annPk = (tenantId: string, id: string) => `${t(tenantId)}${SEP}ANN${SEP}${id}`;
export const announcementKey = (tenantId: string, id: string): Key => ({
  pk: annPk(tenantId, id),
  sk: 'ANN',
});
export const recipientKey = (tenantId: string, id: string, userId: string): Key => ({
  pk: annPk(tenantId, id),
  sk: `RCPT${SEP}${userId}`,
});
export const unreadKey = (tenantId: string, id: string, userId: string): Key => ({
  pk: annPk(tenantId, id),
  sk: `UNREAD${SEP}${userId}`,
});
export const recipientsPrefix = (tenantId: string, id: string) => ({
  pk: annPk(tenantId, id),
  skPrefix: `RCPT${SEP}`,
});
export const announcementCollection = (tenantId: string, id: string) => ({ pk: annPk(tenantId, id) });

export const inboxSk = (a: { id: string; pinned: boolean; publishedAt: string }) =>
  `${a.pinned ? 0 : 1}${SEP}${invertedTime(a.publishedAt)}${SEP}${a.id}`;
const inboxPk = (tenantId: string, box: 'ANNBOX' | 'ANNUNREAD', userId: string) =>
  `${t(tenantId)}${SEP}${box}${SEP}${userId}`;
export const inboxIndexKeys = (
  tenantId: string,
  box: 'ANNBOX' | 'ANNUNREAD',
  userId: string,
  a: { id: string; pinned: boolean; publishedAt: string },
) => ({ agendaByUserPk: inboxPk(tenantId, box, userId), agendaByUserSk: inboxSk(a) });
export const inboxQuery = (tenantId: string, box: 'ANNBOX' | 'ANNUNREAD', userId: string) => ({
  index: 'agendaByUser' as const,
  pk: inboxPk(tenantId, box, userId),
});

/*
 * Work logs (日志). A log's collection `T#t#WLOG#<id>` holds the log (sk LOG; on its author's list
 * and below their role), one entry per recipient (TO#<user>), comments (COMMENT#<ulid>) and likes
 * (LIKE#<user>). The period's partition `T#t#WLOGP#<kind>#<period>` holds one item per author who
 * submitted (sk <author>): created with the log on the condition that it is new (or only expected,
 * below), it makes a second log of the same author, kind and period a 409.
 *
 * agendaByUser (shared, prefix WLOGS):
 *   an author's logs of a kind, newest period first   T#t#WLOGS#MINE#<kind>#<author>   <period>#<id>
 *   the logs a user receives                          T#t#WLOGS#TO#<kind>#<user>      <period>#<id>
 * pipelineBelow (shared, prefix WLOG#BELOW):
 *   logs by the author's role path                     T#t#WLOG#BELOW#<kind>           <rolePath>|<author>|<inverted submittedAt>|<id>
 */

const logPk = (tenantId: string, id: string) => `${t(tenantId)}${SEP}WLOG${SEP}${id}`;
export const worklogKey = (tenantId: string, id: string): Key => ({ pk: logPk(tenantId, id), sk: 'LOG' });
export const worklogRecipientKey = (tenantId: string, id: string, userId: string): Key => ({
  pk: logPk(tenantId, id),
  sk: `TO${SEP}${userId}`,
});
export const worklogCommentKey = (tenantId: string, id: string, commentId: string): Key => ({
  pk: logPk(tenantId, id),
  sk: `COMMENT${SEP}${commentId}`,
});
export const worklogLikeKey = (tenantId: string, id: string, userId: string): Key => ({
  pk: logPk(tenantId, id),
  sk: `LIKE${SEP}${userId}`,
});
export const worklogChildPrefix = (tenantId: string, id: string, child: 'COMMENT' | 'LIKE') => ({
  pk: logPk(tenantId, id),
  skPrefix: `${child}${SEP}`,
});
const periodPk = (tenantId: string, kind: string, period: string) =>
  `${t(tenantId)}${SEP}WLOGP${SEP}${kind}${SEP}${period}`;
export const worklogPeriodKey = (tenantId: string, kind: string, period: string, authorId: string): Key => ({
  pk: periodPk(tenantId, kind, period),
  sk: authorId,
});
export const worklogPeriodPrefix = (tenantId: string, kind: string, period: string) => ({
  pk: periodPk(tenantId, kind, period),
});
export const worklogRulesKey = (tenantId: string): Key => ({ pk: t(tenantId), sk: 'WLOGRULES' });

/*
 * The completion report. The period's partition also holds, written by the worklog-reminders job,
 * one expected entry per person the rules owe a log of (sk <user>, the key their submission takes
 * over) and a roster marker (sk ~ROSTER, the rules it was drawn from). Entries and submissions sit
 * on pipelineBelow by the person's role path, so a subtree's report is one Query returning one item
 * per person it shows.
 *
 * pipelineBelow (shared, prefix WLOGC):
 *   a period's submissions and expected entries   T#t#WLOGC#<kind>#<period>   <rolePath>|<user>
 */
export const worklogRosterKey = (tenantId: string, kind: string, period: string): Key => ({
  pk: periodPk(tenantId, kind, period),
  sk: '~ROSTER',
});
const completionPk = (tenantId: string, kind: string, period: string) =>
  `${t(tenantId)}${SEP}WLOGC${SEP}${kind}${SEP}${period}`;
export const worklogCompletionKeys = (
  tenantId: string,
  kind: string,
  period: string,
  rolePath: string,
  userId: string,
) => ({
  pipelineBelowPk: completionPk(tenantId, kind, period),
  pipelineBelowSk: `${rolePath}|${userId}`,
});
/** A role's own people and everyone below it (role ids have a fixed length: the bare path is a prefix of both). */
export const worklogCompletionQuery = (
  tenantId: string,
  kind: string,
  period: string,
  scopePath: string,
) => ({
  index: 'pipelineBelow' as const,
  pk: completionPk(tenantId, kind, period),
  skPrefix: scopePath,
});

const logListPk = (tenantId: string, list: 'MINE' | 'TO', kind: string, userId: string) =>
  `${t(tenantId)}${SEP}WLOGS${SEP}${list}${SEP}${kind}${SEP}${userId}`;
export const worklogListKeys = (
  tenantId: string,
  list: 'MINE' | 'TO',
  kind: string,
  userId: string,
  period: string,
  id: string,
) => ({
  agendaByUserPk: logListPk(tenantId, list, kind, userId),
  agendaByUserSk: `${period}${SEP}${id}`,
});
export const worklogListQuery = (tenantId: string, list: 'MINE' | 'TO', kind: string, userId: string) => ({
  index: 'agendaByUser' as const,
  pk: logListPk(tenantId, list, kind, userId),
});
const logsBelowPk = (tenantId: string, kind: string) => `${t(tenantId)}${SEP}WLOG${SEP}BELOW${SEP}${kind}`;
export const worklogBelowKeys = (
  tenantId: string,
  kind: string,
  rolePath: string,
  authorId: string,
  at: string,
  id: string,
) => ({
  pipelineBelowPk: logsBelowPk(tenantId, kind),
  pipelineBelowSk: belowSk(rolePath, authorId, at, id),
});
export const worklogsBelowQuery = (tenantId: string, kind: string, rolePath: string) => ({
  index: 'pipelineBelow' as const,
  pk: logsBelowPk(tenantId, kind),
  skPrefix: `${rolePath}/`,
});

/*
 * Activity feed (工作动态). One entry per thing done, under `T#t#ACTIVITY#<entryId>`, copied into its
 * actor's feed (sk FEED#U#<actor>) and the feed of every role above the actor's (FEED#R#<role>),
 * written by the activity consumer. A user reads their own feed and their role's (everyone below).
 *
 * agendaByUser (shared, prefix FEED):
 *   a user's own activity, newest first          T#t#FEED#U#<user>   <inverted at>#<entryId>
 *   activity of everyone below a role            T#t#FEED#R#<role>   <inverted at>#<entryId>
 */

export type FeedOf = { user: string } | { role: string };
const feedPart = (f: FeedOf) => ('user' in f ? `U${SEP}${f.user}` : `R${SEP}${f.role}`);
export const activityKey = (tenantId: string, entryId: string, feed: FeedOf): Key => ({
  pk: `${t(tenantId)}${SEP}ACTIVITY${SEP}${entryId}`,
  sk: `FEED${SEP}${feedPart(feed)}`,
});
/** An entry's items, one per feed it is in (moving it when its actor's role changes). */
export const activityCollection = (tenantId: string, entryId: string) => ({
  pk: `${t(tenantId)}${SEP}ACTIVITY${SEP}${entryId}`,
});
export const feedIndexKeys = (tenantId: string, feed: FeedOf, at: string, entryId: string) => ({
  agendaByUserPk: `${t(tenantId)}${SEP}FEED${SEP}${feedPart(feed)}`,
  agendaByUserSk: `${invertedTime(at)}${SEP}${entryId}`,
});
export const feedQuery = (tenantId: string, feed: FeedOf) => ({
  index: 'agendaByUser' as const,
  pk: `${t(tenantId)}${SEP}FEED${SEP}${feedPart(feed)}`,
});

/*
 * Approved leave (lib/approvals, flow type leave) on the submitter's calendar, one item per day:
 *   a day of leave                               T#t#LEAVE#<approvalId>  DAY#<YYYY-MM-DD>
 * agendaByUser (shared, prefix LEAVE):
 *   the user's days of leave, by their start     T#t#LEAVE#U#<user>      <day start instant>#<approvalId>
 */
export const leaveDayKey = (tenantId: string, approvalId: string, day: string): Key => ({
  pk: `${t(tenantId)}${SEP}LEAVE${SEP}${approvalId}`,
  sk: `DAY${SEP}${day}`,
});
const leavePk = (tenantId: string, userId: string) => `${t(tenantId)}${SEP}LEAVE${SEP}U${SEP}${userId}`;
export const leaveIndexKeys = (tenantId: string, userId: string, startsAt: string, approvalId: string) => ({
  agendaByUserPk: leavePk(tenantId, userId),
  agendaByUserSk: `${startsAt}${SEP}${approvalId}`,
});
export const leaveQuery = (tenantId: string, userId: string) => ({
  index: 'agendaByUser' as const,
  pk: leavePk(tenantId, userId),
});
