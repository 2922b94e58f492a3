import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const getLead = async (req: Req<'GET /v1/leads/{id}'>) => {
  const found = await pipeline.getLead(req.auth, req.params.id);
  return ok(found, { version: found.version });
};

export const handler = http('GET /v1/leads/{id}', getLead);
