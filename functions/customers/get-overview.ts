import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'GET /v1/customers/{id}/overview');

export const getOverview = async (req: Req<typeof endpoint>) => {
  const overview = await customers.overview(req.auth, req.params.id);
  return ok(overview, { version: overview.customer.version });
};

export const handler = http(endpoint, getOverview);
