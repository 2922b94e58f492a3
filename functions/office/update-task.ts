import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { taskRoutes } from '#lib/office/tasks/routes.ts';
import * as tasks from '#lib/office/tasks/service.ts';

const endpoint = route(taskRoutes, 'PATCH /v1/tasks/{id}');

export const updateTask = async (req: Req<typeof endpoint>) => {
  const task = await tasks.updateTask(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(task, { version: task.version });
};

export const handler = http(endpoint, updateTask);
