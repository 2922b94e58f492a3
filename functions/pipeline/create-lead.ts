import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const createLead = async (req: Req<'POST /v1/leads'>) => {
  const made = await pipeline.createLead(req.auth, req.body);
  return created(made, `/v1/leads/${made.id}`, made.version);
};

export const handler = http('POST /v1/leads', createLead);
