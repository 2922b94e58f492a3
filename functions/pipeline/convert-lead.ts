import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { leadRoutes } from '#lib/pipeline/leads-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(leadRoutes, 'POST /v1/leads/{id}/convert');

export const convertLead = async (req: Req<typeof endpoint>) =>
  ok(await pipeline.convertLead(req.auth, req.params.id, req.body));

export const handler = http(endpoint, convertLead);
