import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { opportunityRoutes } from '#lib/pipeline/opportunities-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(opportunityRoutes, 'POST /v1/opportunities/{id}/stage');

export const moveOpportunity = async (req: Req<typeof endpoint>) => {
  const moved = await pipeline.moveOpportunity(req.auth, req.params.id, req.body);
  return ok(moved, { version: moved.version });
};

export const handler = http(endpoint, moveOpportunity);
