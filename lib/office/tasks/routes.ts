import * as z from 'zod/mini';
import type { RouteTable } from '../../http/route.ts';
import { IdParams, PageQuery, pageOf } from '../../schemas.ts';
import { Comment, CommentBody } from '../schemas.ts';
import * as tasks from './schemas.ts';

const TaskComment = z.extend(Comment, { taskId: z.string() });

/** The office's task (任务) routes (data only); lib/office/routes.ts assembles the office's. */
export const taskRoutes = {
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
} as const satisfies RouteTable;
