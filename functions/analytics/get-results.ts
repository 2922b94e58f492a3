import * as analytics from '#lib/analytics/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getResults = async (req: Req<'GET /v1/analytics/results'>) =>
  ok(await analytics.results(req.auth, req.query));

export const handler = http('GET /v1/analytics/results', getResults);
