import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { taskRoutes } from '#lib/office/tasks/routes.ts';
import * as tasks from '#lib/office/tasks/service.ts';

const endpoint = route(taskRoutes, 'GET /v1/tasks');

export const listTasks = async (req: Req<typeof endpoint>) => ok(await tasks.listTasks(req.auth, req.query));

export const handler = http(endpoint, listTasks);
