/**
 * THE route table, assembled from the contexts' route specs (lib/<context>/routes.ts, data only).
 * It drives the CDK functions and API routes (infra/aws), the local server (infra/local) and the
 * OpenAPI document, so the three never drift apart. Keys are `METHOD /path` exactly as API Gateway
 * spells them. Handlers never import this module (nothing under lib/http or functions/ does): a
 * handler imports its own context's routes, so its bundle holds only what its route needs.
 * The order of the contexts is the order of the OpenAPI document's paths.
 */
import { analyticsRoutes } from './analytics/routes.ts';
import { approvalRoutes } from './approvals/routes.ts';
import { backgroundRoutes } from './background/routes.ts';
import { clientRoutes } from './clients/routes.ts';
import { contactRoutes } from './contacts/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { fieldRoutes } from './field/routes.ts';
import { fileRoutes } from './files/routes.ts';
import { followupRoutes } from './followups/routes.ts';
import type { RouteTable } from './http/route.ts';
import { lifecycleRoutes } from './lifecycle/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { officeRoutes } from './office/routes.ts';
import { orgRoutes } from './org/routes.ts';
import { pipelineRoutes } from './pipeline/routes.ts';
import { poolRoutes } from './pool/routes.ts';
import { settingsRoutes } from './settings/routes.ts';
import { smsRoutes } from './sms/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';

export const routes = {
  ...orgRoutes,
  ...settingsRoutes,
  ...customerRoutes,
  ...poolRoutes,
  ...pipelineRoutes,
  ...followupRoutes,
  ...notificationRoutes,
  ...contactRoutes,
  ...smsRoutes,
  ...analyticsRoutes,
  ...approvalRoutes,
  ...webhookRoutes,
  ...clientRoutes,
  ...fieldRoutes,
  ...fileRoutes,
  ...officeRoutes,
  ...lifecycleRoutes,
  ...backgroundRoutes,
} as const satisfies RouteTable;

export type Routes = typeof routes;
export type RouteKey = keyof Routes;
