import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const createOpportunity = async (req: Req<'POST /v1/opportunities'>) => {
  const made = await pipeline.createOpportunity(req.auth, req.body);
  return created(made, `/v1/opportunities/${made.id}`, made.version);
};

export const handler = http('POST /v1/opportunities', createOpportunity);
