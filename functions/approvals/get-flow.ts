import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'GET /v1/approval-flows/{id}');

export const getFlow = async (req: Req<typeof endpoint>) => {
  const flow = await approvals.getFlow(req.auth, req.params.id);
  return ok(flow, { version: flow.version });
};

export const handler = http(endpoint, getFlow);
