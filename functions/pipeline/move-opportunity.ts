import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const moveOpportunity = async (req: Req<'POST /v1/opportunities/{id}/stage'>) => {
  const moved = await pipeline.moveOpportunity(req.auth, req.params.id, req.body);
  return ok(moved, { version: moved.version });
};

export const handler = http('POST /v1/opportunities/{id}/stage', moveOpportunity);
