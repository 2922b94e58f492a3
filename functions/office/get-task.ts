import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { taskRoutes } from '#lib/office/tasks/routes.ts';
import * as tasks from '#lib/office/tasks/service.ts';

const endpoint = route(taskRoutes, 'GET /v1/tasks/{id}');

export const getTask = async (req: Req<typeof endpoint>) => {
  const task = await tasks.getTask(req.auth, req.params.id);
  return ok(task, { version: task.version });
};

export const handler = http(endpoint, getTask);
