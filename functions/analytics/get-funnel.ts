import * as analytics from '#lib/analytics/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getFunnel = async (req: Req<'GET /v1/analytics/funnel'>) =>
  ok(await analytics.funnel(req.auth, req.query));

export const handler = http('GET /v1/analytics/funnel', getFunnel);
