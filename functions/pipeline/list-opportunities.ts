import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { opportunityRoutes } from '#lib/pipeline/opportunities-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(opportunityRoutes, 'GET /v1/opportunities');

export const listOpportunities = async (req: Req<typeof endpoint>) =>
  ok(await pipeline.listOpportunities(req.auth, req.query));

export const handler = http(endpoint, listOpportunities);
