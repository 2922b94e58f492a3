import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { leadRoutes } from '#lib/pipeline/leads-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(leadRoutes, 'GET /v1/leads/{id}');

export const getLead = async (req: Req<typeof endpoint>) => {
  const found = await pipeline.getLead(req.auth, req.params.id);
  return ok(found, { version: found.version });
};

export const handler = http(endpoint, getLead);
