import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'POST /v1/approval-flows');

export const createFlow = async (req: Req<typeof endpoint>) => {
  const flow = await approvals.createFlow(req.auth, req.body);
  return created(flow, `/v1/approval-flows/${flow.id}`, flow.version);
};

export const handler = http(endpoint, createFlow);
