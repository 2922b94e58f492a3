import type { RouteTable } from '../http/route.ts';
import { announcementRoutes } from './announcements/routes.ts';
import { eventRoutes } from './events/routes.ts';
import { taskRoutes } from './tasks/routes.ts';
import { workbenchRoutes } from './workbench/routes.ts';
import { worklogRoutes } from './worklogs/routes.ts';

/**
 * The office context's HTTP routes (data only), one module per part of the office so that a
 * handler bundles only its part's schemas; lib/routes.ts assembles every context's.
 */
export const officeRoutes = {
  ...taskRoutes,
  ...eventRoutes,
  ...announcementRoutes,
  ...worklogRoutes,
  ...workbenchRoutes,
} as const satisfies RouteTable;
