import * as z from 'zod/mini';
import type { RouteTable } from '../../http/route.ts';
import { IdParams, PageQuery, pageOf } from '../../schemas.ts';
import { Comment, CommentBody } from '../schemas.ts';
import * as worklogs from './schemas.ts';

const WorklogComment = z.extend(Comment, { worklogId: z.string() });
const Likes = z.object({ likes: z.array(z.object({ userId: z.string(), name: z.string() })) });

/** The office's work log (日志) routes (data only); lib/office/routes.ts assembles the office's. */
export const worklogRoutes = {
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
} as const satisfies RouteTable;
