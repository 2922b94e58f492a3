import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'POST /v1/approvals/{id}/approve');

export const approveApproval = async (req: Req<typeof endpoint>) =>
  ok(await approvals.approve(req.auth, req.params.id, req.body?.comment));

export const handler = http(endpoint, approveApproval);
