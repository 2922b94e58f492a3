import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'GET /v1/approvals/{id}/comments');

export const listComments = async (req: Req<typeof endpoint>) =>
  ok(await approvals.listComments(req.auth, req.params.id, req.query));

export const handler = http(endpoint, listComments);
