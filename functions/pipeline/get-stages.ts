import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const getStages = async (req: Req<'GET /v1/opportunity-stages'>) => {
  const found = await pipeline.getStages(req.auth);
  return ok(found, { version: found.version });
};

export const handler = http('GET /v1/opportunity-stages', getStages);
