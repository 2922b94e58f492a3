import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { taskRoutes } from '#lib/office/tasks/routes.ts';
import * as tasks from '#lib/office/tasks/service.ts';

const endpoint = route(taskRoutes, 'POST /v1/tasks');

export const createTask = async (req: Req<typeof endpoint>) => {
  const task = await tasks.createTask(req.auth, req.body);
  return created(task, `/v1/tasks/${task.id}`, task.version);
};

export const handler = http(endpoint, createTask);
