import type { RouteTable } from '../http/route.ts';
import { IdParams } from '../schemas.ts';
import * as followups from './schemas.ts';

/** The followups context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const followupRoutes = {
  // ---- follow-ups, plans, to-do lists, notifications (lib/followups, lib/notifications) -----------
  'POST /v1/customers/{id}/followups': {
    summary:
      'Record a follow-up (跟进记录): updates the customer’s last follow-up, maturity, next plan and reclaim time at once',
    tag: 'Follow-ups',
    handler: 'functions/followups/create-followup.ts',
    access: 'readWrite',
    request: { params: IdParams, body: followups.CreateFollowUpBody },
    response: { status: 201, body: followups.FollowUp },
  },
  'GET /v1/customers/{id}/followups': {
    summary: "A customer's follow-up records with their replies, newest first",
    tag: 'Follow-ups',
    handler: 'functions/followups/list-followups.ts',
    access: 'read',
    request: { params: IdParams, query: followups.FollowUpListQuery },
    response: { status: 200, body: followups.FollowUpPage },
  },
  'POST /v1/followups/{id}/replies': {
    summary: 'Reply to a follow-up record (跟单回复); its author is notified',
    tag: 'Follow-ups',
    handler: 'functions/followups/create-reply.ts',
    access: 'readWrite',
    request: { params: IdParams, body: followups.ReplyBody },
    response: { status: 201, body: followups.ReplyCreated },
  },
  'POST /v1/customers/{id}/plans': {
    summary: 'Schedule a follow-up plan (跟进计划): due time and key points',
    tag: 'Follow-ups',
    handler: 'functions/followups/create-plan.ts',
    access: 'readWrite',
    request: { params: IdParams, body: followups.CreatePlanBody },
    response: { status: 201, body: followups.Plan },
  },
  'GET /v1/plans/{id}': {
    summary: 'A follow-up plan (ETag)',
    tag: 'Follow-ups',
    handler: 'functions/followups/get-plan.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: followups.Plan },
  },
  'PATCH /v1/plans/{id}': {
    summary: 'Move a plan, edit its key points, or mark it done or cancelled; needs If-Match',
    tag: 'Follow-ups',
    handler: 'functions/followups/update-plan.ts',
    access: 'readWrite',
    request: { params: IdParams, body: followups.UpdatePlanBody },
    response: { status: 200, body: followups.Plan },
  },
  'DELETE /v1/plans/{id}': {
    summary: 'Delete a follow-up plan',
    tag: 'Follow-ups',
    handler: 'functions/followups/delete-plan.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 204 },
  },
  'GET /v1/followup-lists/{list}': {
    summary:
      'A to-do list (客户跟进列表): today, week, overdue, never, dormant (minDays..maxDays); userId= for a subordinate',
    tag: 'Follow-ups',
    handler: 'functions/followups/list-agenda.ts',
    access: 'read',
    request: { params: followups.FollowUpListParams, query: followups.FollowUpListsQuery },
    response: { status: 200, body: followups.AgendaPage },
  },
  'GET /v1/calendar': {
    summary: 'One day of the calendar (日历模式): plans due, follow-ups done, overdue, newly assigned',
    tag: 'Follow-ups',
    handler: 'functions/followups/get-calendar.ts',
    access: 'read',
    request: { query: followups.CalendarQuery },
    response: { status: 200, body: followups.Calendar },
  },
  'GET /v1/home': {
    summary:
      "The home page (工作台): this week's plans, today's reminders, list counts, customers about to be reclaimed",
    tag: 'Follow-ups',
    handler: 'functions/home/get-home.ts',
    access: 'read',
    response: { status: 200, body: followups.Home },
  },
} as const satisfies RouteTable;
