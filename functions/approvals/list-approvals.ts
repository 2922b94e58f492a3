import * as lists from '#lib/approvals/lists.ts';
import { approvalRoutes } from '#lib/approvals/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'GET /v1/approvals');

export const listApprovals = async (req: Req<typeof endpoint>) =>
  ok(await lists.listApprovals(req.auth, req.query));

export const handler = http(endpoint, listApprovals);
