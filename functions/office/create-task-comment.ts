import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { taskRoutes } from '#lib/office/tasks/routes.ts';
import * as tasks from '#lib/office/tasks/service.ts';

const endpoint = route(taskRoutes, 'POST /v1/tasks/{id}/comments');

export const createTaskComment = async (req: Req<typeof endpoint>) => {
  const comment = await tasks.addComment(req.auth, req.params.id, req.body.content);
  return created(comment, `/v1/tasks/${comment.taskId}/comments`);
};

export const handler = http(endpoint, createTaskComment);
