import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { orgRoutes } from '#lib/org/routes.ts';
import * as org from '#lib/org/service.ts';

const endpoint = route(orgRoutes, 'GET /v1/roles');

export const listRoles = async (req: Req<typeof endpoint>) => ok({ items: await org.listRoles(req.auth) });

export const handler = http(endpoint, listRoles);
