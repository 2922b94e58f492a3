import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { leadRoutes } from '#lib/pipeline/leads-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(leadRoutes, 'POST /v1/leads');

export const createLead = async (req: Req<typeof endpoint>) => {
  const made = await pipeline.createLead(req.auth, req.body);
  return created(made, `/v1/leads/${made.id}`, made.version);
};

export const handler = http(endpoint, createLead);
