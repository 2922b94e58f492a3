import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { officeRoutes } from '#lib/office/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(officeRoutes, 'GET /v1/worklogs');

export const listWorklogs = async (req: Req<typeof endpoint>) => ok(await worklogs.list(req.auth, req.query));

export const handler = http(endpoint, listWorklogs);
