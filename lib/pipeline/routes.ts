import type { RouteTable } from '../http/route.ts';
import { contractRoutes } from './contracts-routes.ts';
import { leadRoutes } from './leads-routes.ts';
import { opportunityRoutes } from './opportunities-routes.ts';
import { productRoutes } from './products-routes.ts';

/**
 * The pipeline context's HTTP routes (data only), one module per kind of record so that a handler
 * bundles only its kind's route specs; lib/routes.ts assembles every context's.
 */
export const pipelineRoutes = {
  ...productRoutes,
  ...leadRoutes,
  ...opportunityRoutes,
  ...contractRoutes,
} as const satisfies RouteTable;
