import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { opportunityRoutes } from '#lib/pipeline/opportunities-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(opportunityRoutes, 'POST /v1/opportunities');

export const createOpportunity = async (req: Req<typeof endpoint>) => {
  const made = await pipeline.createOpportunity(req.auth, req.body);
  return created(made, `/v1/opportunities/${made.id}`, made.version);
};

export const handler = http(endpoint, createOpportunity);
