import * as analytics from '#lib/analytics/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const putTargets = async (req: Req<'PUT /v1/analytics/targets'>) =>
  ok(await analytics.putTargets(req.auth, req.body));

export const handler = http('PUT /v1/analytics/targets', putTargets);
