import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const listLeads = async (req: Req<'GET /v1/leads'>) =>
  ok(await pipeline.listLeads(req.auth, req.query));

export const handler = http('GET /v1/leads', listLeads);
