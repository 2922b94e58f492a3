import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'POST /v1/approvals/{id}/comments');

export const createComment = async (req: Req<typeof endpoint>) => {
  const comment = await approvals.addComment(req.auth, req.params.id, req.body.content);
  return created(comment, `/v1/approvals/${req.params.id}/comments`);
};

export const handler = http(endpoint, createComment);
