import * as z from 'zod/mini';
import type { RouteTable } from '../http/route.ts';
import { IdParams, PageQuery, pageOf } from '../schemas.ts';
import * as activity from './activity/schemas.ts';
import * as announcements from './announcements/schemas.ts';
import * as events from './events/schemas.ts';
import { Comment, CommentBody } from './schemas.ts';
import * as tasks from './tasks/schemas.ts';
import { Workbench } from './workbench/schemas.ts';
import * as worklogs from './worklogs/schemas.ts';

const TaskComment = z.extend(Comment, { taskId: z.string() });
const WorklogComment = z.extend(Comment, { worklogId: z.string() });
const Likes = z.object({ likes: z.array(z.object({ userId: z.string(), name: z.string() })) });

/** The office context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const officeRoutes = {
  // ---- tasks (任务) --------------------------------------------------------------------------------
  'POST /v1/tasks': {
    summary:
      'Create a task (or a subtask with parentId): assignee, participants, cc (知会), priority, due time',
    tag: 'Tasks',
    handler: 'functions/office/create-task.ts',
    access: 'readWrite',
    request: { body: tasks.CreateTaskBody },
    response: { status: 201, body: tasks.Task },
  },
  'GET /v1/tasks': {
    summary:
      'Tasks by view: assigned to me, created by me, participating, cc’d to me, my subordinates’, a customer’s (customerId)',
    tag: 'Tasks',
    handler: 'functions/office/list-tasks.ts',
    access: 'read',
    request: { query: tasks.TaskListQuery },
    response: { status: 200, body: tasks.TaskPage },
  },
  'GET /v1/tasks/{id}': {
    summary: 'A task with its subtasks (ETag)',
    tag: 'Tasks',
    handler: 'functions/office/get-task.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: tasks.TaskDetail },
  },
  'PATCH /v1/tasks/{id}': {
    summary: 'Edit a task (creator, assignee, their superiors); needs If-Match',
    tag: 'Tasks',
    handler: 'functions/office/update-task.ts',
    access: 'readWrite',
    request: { params: IdParams, body: tasks.UpdateTaskBody },
    response: { status: 200, body: tasks.Task },
  },
  'DELETE /v1/tasks/{id}': {
    summary: 'Delete a task without subtasks (creator, assignee, their superiors)',
    tag: 'Tasks',
    handler: 'functions/office/delete-task.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 204 },
  },
  'POST /v1/tasks/{id}/complete': {
    summary: 'Complete a task; completing it twice records one completion',
    tag: 'Tasks',
    handler: 'functions/office/complete-task.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 200, body: tasks.Task },
  },
  'POST /v1/tasks/{id}/reopen': {
    summary: 'Reopen a completed task',
    tag: 'Tasks',
    handler: 'functions/office/reopen-task.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 200, body: tasks.Task },
  },
  'GET /v1/tasks/{id}/comments': {
    summary: "A task's comments, oldest first",
    tag: 'Tasks',
    handler: 'functions/office/list-task-comments.ts',
    access: 'read',
    request: { params: IdParams, query: PageQuery },
    response: { status: 200, body: pageOf(Comment) },
  },
  'POST /v1/tasks/{id}/comments': {
    summary: 'Comment on a task (anyone on it); the assignee and creator are notified',
    tag: 'Tasks',
    handler: 'functions/office/create-task-comment.ts',
    access: 'readWrite',
    request: { params: IdParams, body: CommentBody },
    response: { status: 201, body: TaskComment },
  },
  // ---- schedules (日程) -----------------------------------------------------------------------------
  'POST /v1/events': {
    summary:
      'Create an event (or a recurring series) with invitees and reminders; answers with the invitees’ conflicts',
    tag: 'Schedules',
    handler: 'functions/office/create-event.ts',
    access: 'readWrite',
    request: { body: events.CreateEventBody },
    response: { status: 201, body: events.CreatedEvent },
  },
  'GET /v1/events': {
    summary:
      'The calendar of a range: own and invited occurrences, with follow-up plans and task due dates (kind event|plan|task)',
    tag: 'Schedules',
    handler: 'functions/office/list-events.ts',
    access: 'read',
    request: { query: events.RangeQuery },
    response: { status: 200, body: events.CalendarPage },
  },
  'GET /v1/events/{id}': {
    summary: 'An event or series (ETag)',
    tag: 'Schedules',
    handler: 'functions/office/get-event.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: events.Event },
  },
  'PATCH /v1/events/{id}': {
    summary:
      'Edit an event: the series (scope=all), one occurrence (this) or from an occurrence on (following); If-Match',
    tag: 'Schedules',
    handler: 'functions/office/update-event.ts',
    access: 'readWrite',
    request: { params: IdParams, query: events.EditScopeQuery, body: events.UpdateEventBody },
    response: { status: 200, body: events.Event },
  },
  'DELETE /v1/events/{id}': {
    summary:
      'Delete an event: the series (scope=all), one occurrence (this) or from an occurrence on (following)',
    tag: 'Schedules',
    handler: 'functions/office/delete-event.ts',
    access: 'readWrite',
    request: { params: IdParams, query: events.EditScopeQuery },
    response: { status: 204 },
  },
  'POST /v1/events/{id}/rsvp': {
    summary: 'Answer an invitation (accepted, declined, tentative), for the series or one occurrence',
    tag: 'Schedules',
    handler: 'functions/office/rsvp-event.ts',
    access: 'readWrite',
    request: { params: IdParams, body: events.RsvpBody },
    response: { status: 200, body: events.Event },
  },
  'GET /v1/calendar/busy': {
    summary: 'Free/busy of colleagues (忙闲): when each is taken, without details',
    tag: 'Schedules',
    handler: 'functions/office/get-busy.ts',
    access: 'read',
    request: { query: events.BusyQuery },
    response: { status: 200, body: events.Busy },
  },
  // ---- announcements (公告) -------------------------------------------------------------------------
  'POST /v1/announcements': {
    summary:
      'Publish an announcement to all, roles (with everyone below them) or users; pinned, valid window',
    tag: 'Announcements',
    handler: 'functions/office/create-announcement.ts',
    access: 'readWrite',
    permission: 'announcements.publish',
    request: { body: announcements.CreateAnnouncementBody },
    response: { status: 201, body: announcements.Announcement },
  },
  'GET /v1/announcements': {
    summary: 'Announcements addressed to me and valid now, pinned first; unread=true for the unread ones',
    tag: 'Announcements',
    handler: 'functions/office/list-announcements.ts',
    access: 'read',
    request: { query: announcements.InboxQuery },
    response: { status: 200, body: announcements.InboxPage },
  },
  'GET /v1/announcements/{id}': {
    summary: 'An announcement (marks it read for its reader; ETag)',
    tag: 'Announcements',
    handler: 'functions/office/get-announcement.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 200, body: announcements.Announcement },
  },
  'GET /v1/announcements/{id}/reads': {
    summary: 'Who has read an announcement and who has not (its publisher or an administrator)',
    tag: 'Announcements',
    handler: 'functions/office/get-announcement-reads.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: announcements.Reads },
  },
  'PATCH /v1/announcements/{id}': {
    summary: 'Edit an announcement (its publisher or an administrator); needs If-Match',
    tag: 'Announcements',
    handler: 'functions/office/update-announcement.ts',
    access: 'readWrite',
    request: { params: IdParams, body: announcements.UpdateAnnouncementBody },
    response: { status: 200, body: announcements.Announcement },
  },
  'DELETE /v1/announcements/{id}': {
    summary: 'Delete an announcement (its publisher or an administrator)',
    tag: 'Announcements',
    handler: 'functions/office/delete-announcement.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 204 },
  },
  // ---- work logs (日志) -----------------------------------------------------------------------------
  'POST /v1/worklogs': {
    summary:
      'Submit a daily/weekly/monthly log with a snapshot of the period’s numbers; one per author, kind and period (409 duplicate_worklog)',
    tag: 'Work logs',
    handler: 'functions/office/create-worklog.ts',
    access: 'readWrite',
    request: { body: worklogs.CreateWorklogBody },
    response: { status: 201, body: worklogs.Worklog },
  },
  'GET /v1/worklogs': {
    summary: 'Work logs: mine, received, my subordinates’; by kind, periods from..to',
    tag: 'Work logs',
    handler: 'functions/office/list-worklogs.ts',
    access: 'read',
    request: { query: worklogs.WorklogListQuery },
    response: { status: 200, body: worklogs.WorklogPage },
  },
  'GET /v1/worklogs/completion': {
    summary: 'Who submitted a period’s log on time, late, or not at all (by the rules; roleId for a team)',
    tag: 'Work logs',
    handler: 'functions/office/get-worklog-completion.ts',
    access: 'read',
    request: { query: worklogs.CompletionQuery },
    response: { status: 200, body: worklogs.Completion },
  },
  'GET /v1/worklogs/{id}': {
    summary: 'A work log with its likes (ETag)',
    tag: 'Work logs',
    handler: 'functions/office/get-worklog.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: worklogs.WorklogDetail },
  },
  'PATCH /v1/worklogs/{id}': {
    summary: 'Edit one’s own work log; needs If-Match',
    tag: 'Work logs',
    handler: 'functions/office/update-worklog.ts',
    access: 'readWrite',
    request: { params: IdParams, body: worklogs.UpdateWorklogBody },
    response: { status: 200, body: worklogs.Worklog },
  },
  'GET /v1/worklogs/{id}/comments': {
    summary: "A work log's comments, oldest first",
    tag: 'Work logs',
    handler: 'functions/office/list-worklog-comments.ts',
    access: 'read',
    request: { params: IdParams, query: PageQuery },
    response: { status: 200, body: pageOf(Comment) },
  },
  'POST /v1/worklogs/{id}/comments': {
    summary: 'Comment on a work log (its author is notified)',
    tag: 'Work logs',
    handler: 'functions/office/create-worklog-comment.ts',
    access: 'readWrite',
    request: { params: IdParams, body: CommentBody },
    response: { status: 201, body: WorklogComment },
  },
  'PUT /v1/worklogs/{id}/like': {
    summary: 'Like a work log (once, however often)',
    tag: 'Work logs',
    handler: 'functions/office/like-worklog.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 200, body: Likes },
  },
  'DELETE /v1/worklogs/{id}/like': {
    summary: 'Take back a like',
    tag: 'Work logs',
    handler: 'functions/office/unlike-worklog.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 200, body: Likes },
  },
  'GET /v1/worklog-rules': {
    summary: 'Which roles owe which logs, by what local time (ETag)',
    tag: 'Work logs',
    handler: 'functions/office/get-worklog-rules.ts',
    access: 'read',
    response: { status: 200, body: worklogs.Rules },
  },
  'PUT /v1/worklog-rules': {
    summary: 'Replace the work-log rules (settings.manage); needs If-Match (the first time "0")',
    tag: 'Work logs',
    handler: 'functions/office/put-worklog-rules.ts',
    ifMatch: 'required',
    access: 'readWrite',
    permission: 'settings.manage',
    request: { body: worklogs.PutRulesBody },
    response: { status: 200, body: worklogs.Rules },
  },
  // ---- workbench and activity (工作台, 工作动态) -------------------------------------------------------
  'GET /v1/workbench': {
    summary:
      'The workbench in one call: open tasks (most urgent first), today’s events and plans, unread announcements, customers about to be reclaimed',
    tag: 'Workbench',
    handler: 'functions/office/get-workbench.ts',
    access: 'read',
    response: { status: 200, body: Workbench },
  },
  'GET /v1/activity': {
    summary:
      'What I and everyone below me did (工作动态), newest first; userId= one subordinate, roleId= a team',
    tag: 'Workbench',
    handler: 'functions/office/list-activity.ts',
    access: 'read',
    request: { query: activity.ActivityQuery },
    response: { status: 200, body: activity.ActivityPage },
  },
} as const satisfies RouteTable;
