import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { workbenchRoutes } from '#lib/office/workbench/routes.ts';
import { workbench } from '#lib/office/workbench/service.ts';

const endpoint = route(workbenchRoutes, 'GET /v1/workbench');

export const getWorkbench = async (req: Req<typeof endpoint>) => ok(await workbench(req.auth));

export const handler = http(endpoint, getWorkbench);
