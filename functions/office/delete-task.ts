import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { taskRoutes } from '#lib/office/tasks/routes.ts';
import * as tasks from '#lib/office/tasks/service.ts';

const endpoint = route(taskRoutes, 'DELETE /v1/tasks/{id}');

export const deleteTask = async (req: Req<typeof endpoint>) => {
  await tasks.deleteTask(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deleteTask);
