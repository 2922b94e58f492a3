import { analyticsRoutes } from '#lib/analytics/routes.ts';
import * as analytics from '#lib/analytics/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(analyticsRoutes, 'GET /v1/analytics/portrait');

export const getPortrait = async (req: Req<typeof endpoint>) =>
  ok(await analytics.portrait(req.auth, req.query));

export const handler = http(endpoint, getPortrait);
