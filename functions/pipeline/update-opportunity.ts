import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { opportunityRoutes } from '#lib/pipeline/opportunities-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(opportunityRoutes, 'PATCH /v1/opportunities/{id}');

export const updateOpportunity = async (req: Req<typeof endpoint>) => {
  const updated = await pipeline.updateOpportunity(
    req.auth,
    req.params.id,
    expectedVersion(req.headers),
    req.body,
  );
  return ok(updated, { version: updated.version });
};

export const handler = http(endpoint, updateOpportunity);
