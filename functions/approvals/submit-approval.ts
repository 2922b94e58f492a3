import { approvalRoutes } from '#lib/approvals/routes.ts';
import { submit } from '#lib/approvals/submit.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(approvalRoutes, 'POST /v1/approvals');

export const submitApproval = async (req: Req<typeof endpoint>) => {
  const approval = await submit(req.auth, req.body);
  return created(approval, `/v1/approvals/${approval.id}`, approval.version);
};

export const handler = http(endpoint, submitApproval);
