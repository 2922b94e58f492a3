import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'POST /v1/approvals/batch');

export const batchApprovals = async (req: Req<typeof endpoint>) =>
  ok(await approvals.batch(req.auth, req.body.action, req.body.ids, req.body.comment));

export const handler = http(endpoint, batchApprovals);
