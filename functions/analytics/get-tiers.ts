import { analyticsRoutes } from '#lib/analytics/routes.ts';
import * as analytics from '#lib/analytics/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(analyticsRoutes, 'GET /v1/analytics/tiers');

export const getTiers = async (req: Req<typeof endpoint>) => ok(await analytics.tiers(req.auth, req.query));

export const handler = http(endpoint, getTiers);
