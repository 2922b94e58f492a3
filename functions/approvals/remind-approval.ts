import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'POST /v1/approvals/{id}/remind');

export const remindApproval = async (req: Req<typeof endpoint>) =>
  ok(await approvals.remind(req.auth, req.params.id));

export const handler = http(endpoint, remindApproval);
