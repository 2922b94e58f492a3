import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { leadRoutes } from '#lib/pipeline/leads-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(leadRoutes, 'PATCH /v1/leads/{id}');

export const updateLead = async (req: Req<typeof endpoint>) => {
  const updated = await pipeline.updateLead(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(updated, { version: updated.version });
};

export const handler = http(endpoint, updateLead);
