import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'PATCH /v1/approval-flows/{id}');

export const updateFlow = async (req: Req<typeof endpoint>) => {
  const flow = await approvals.updateFlow(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(flow, { version: flow.version });
};

export const handler = http(endpoint, updateFlow);
