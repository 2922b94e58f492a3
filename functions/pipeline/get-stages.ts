import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { opportunityRoutes } from '#lib/pipeline/opportunities-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(opportunityRoutes, 'GET /v1/opportunity-stages');

export const getStages = async (req: Req<typeof endpoint>) => {
  const found = await pipeline.getStages(req.auth);
  return ok(found, { version: found.version });
};

export const handler = http(endpoint, getStages);
