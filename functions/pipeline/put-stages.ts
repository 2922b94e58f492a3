import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { opportunityRoutes } from '#lib/pipeline/opportunities-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(opportunityRoutes, 'PUT /v1/opportunity-stages');

export const putStages = async (req: Req<typeof endpoint>) => {
  const updated = await pipeline.putStages(req.auth, expectedVersion(req.headers), req.body);
  return ok(updated, { version: updated.version });
};

export const handler = http(endpoint, putStages);
