import type { RouteTable } from '../../http/route.ts';
import { IdParams } from '../../schemas.ts';
import * as events from './schemas.ts';

/** The office's schedule (日程) routes (data only); lib/office/routes.ts assembles the office's. */
export const eventRoutes = {
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
} as const satisfies RouteTable;
