import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { worklogRoutes } from '#lib/office/worklogs/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(worklogRoutes, 'POST /v1/worklogs/{id}/comments');

export const createWorklogComment = async (req: Req<typeof endpoint>) => {
  const comment = await worklogs.addComment(req.auth, req.params.id, req.body.content);
  return created(comment, `/v1/worklogs/${comment.worklogId}/comments`);
};

export const handler = http(endpoint, createWorklogComment);
