import { fieldRoutes } from '#lib/field/routes.ts';
import * as field from '#lib/field/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fieldRoutes, 'GET /v1/analytics/visits');

export const visitStats = async (req: Req<typeof endpoint>) =>
  ok(await field.visitStats(req.auth, req.query));

export const handler = http(endpoint, visitStats);
