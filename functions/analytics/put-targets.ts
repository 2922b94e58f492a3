import { analyticsRoutes } from '#lib/analytics/routes.ts';
import * as analytics from '#lib/analytics/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(analyticsRoutes, 'PUT /v1/analytics/targets');

export const putTargets = async (req: Req<typeof endpoint>) =>
  ok(await analytics.putTargets(req.auth, req.body));

export const handler = http(endpoint, putTargets);
