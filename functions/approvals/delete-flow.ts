import { approvalRoutes } from '#lib/approvals/routes.ts';
import * as approvals from '#lib/approvals/service.ts';
import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'DELETE /v1/approval-flows/{id}');

export const deleteFlow = async (req: Req<typeof endpoint>) => {
  await approvals.deleteFlow(req.auth, req.params.id, expectedVersion(req.headers));
  return noContent();
};

export const handler = http(endpoint, deleteFlow);
