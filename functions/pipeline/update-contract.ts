import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const updateContract = async (req: Req<'PATCH /v1/contracts/{id}'>) => {
  const updated = await pipeline.updateContract(
    req.auth,
    req.params.id,
    expectedVersion(req.headers),
    req.body,
  );
  return ok(updated, { version: updated.version });
};

export const handler = http('PATCH /v1/contracts/{id}', updateContract);
