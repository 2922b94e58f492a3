import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';

export const removeShare = async (req: Req<'DELETE /v1/customers/{id}/shares/{userId}'>) => {
  await customers.removeShare(req.auth, req.params.id, req.params.userId);
  return noContent();
};

export const handler = http('DELETE /v1/customers/{id}/shares/{userId}', removeShare);
