import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { feed } from '#lib/office/activity/service.ts';
import { workbenchRoutes } from '#lib/office/workbench/routes.ts';

const endpoint = route(workbenchRoutes, 'GET /v1/activity');

export const listActivity = async (req: Req<typeof endpoint>) => ok(await feed(req.auth, req.query));

export const handler = http(endpoint, listActivity);
