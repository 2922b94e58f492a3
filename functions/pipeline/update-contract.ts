import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { contractRoutes } from '#lib/pipeline/contracts-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(contractRoutes, 'PATCH /v1/contracts/{id}');

export const updateContract = async (req: Req<typeof endpoint>) => {
  const updated = await pipeline.updateContract(
    req.auth,
    req.params.id,
    expectedVersion(req.headers),
    req.body,
  );
  return ok(updated, { version: updated.version });
};

export const handler = http(endpoint, updateContract);
