import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { opportunityRoutes } from '#lib/pipeline/opportunities-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(opportunityRoutes, 'GET /v1/opportunities/{id}');

export const getOpportunity = async (req: Req<typeof endpoint>) => {
  const found = await pipeline.getOpportunity(req.auth, req.params.id);
  return ok(found, { version: found.version });
};

export const handler = http(endpoint, getOpportunity);
