import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { orgRoutes } from '#lib/org/routes.ts';
import * as org from '#lib/org/service.ts';

const endpoint = route(orgRoutes, 'GET /v1/me');

export const getMe = async (req: Req<typeof endpoint>) => ok(await org.me(req.auth));

export const handler = http(endpoint, getMe);
