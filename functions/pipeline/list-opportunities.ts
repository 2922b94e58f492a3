import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const listOpportunities = async (req: Req<'GET /v1/opportunities'>) =>
  ok(await pipeline.listOpportunities(req.auth, req.query));

export const handler = http('GET /v1/opportunities', listOpportunities);
