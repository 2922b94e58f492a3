import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { leadRoutes } from '#lib/pipeline/leads-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(leadRoutes, 'GET /v1/leads');

export const listLeads = async (req: Req<typeof endpoint>) =>
  ok(await pipeline.listLeads(req.auth, req.query));

export const handler = http(endpoint, listLeads);
