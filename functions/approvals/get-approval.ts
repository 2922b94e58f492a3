import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'GET /v1/approvals/{id}');

export const getApproval = async (req: Req<typeof endpoint>) =>
  ok(await approvals.getApproval(req.auth, req.params.id));

export const handler = http(endpoint, getApproval);
