import type { RouteTable } from '../../http/route.ts';
import * as activity from '../activity/schemas.ts';
import { Workbench } from './schemas.ts';

/** The office's workbench and activity (工作台, 工作动态) routes (data only); lib/office/routes.ts assembles the office's. */
export const workbenchRoutes = {
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
