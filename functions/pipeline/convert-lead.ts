import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const convertLead = async (req: Req<'POST /v1/leads/{id}/convert'>) =>
  ok(await pipeline.convertLead(req.auth, req.params.id, req.body));

export const handler = http('POST /v1/leads/{id}/convert', convertLead);
