import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getOverview = async (req: Req<'GET /v1/customers/{id}/overview'>) => {
  const overview = await customers.overview(req.auth, req.params.id);
  return ok(overview, { version: overview.customer.version });
};

export const handler = http('GET /v1/customers/{id}/overview', getOverview);
