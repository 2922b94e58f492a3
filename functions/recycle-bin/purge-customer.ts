import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';

export const purgeCustomer = async (req: Req<'DELETE /v1/recycle-bin/{id}'>) => {
  await customers.purgeCustomer(req.auth, req.params.id);
  return noContent();
};

export const handler = http('DELETE /v1/recycle-bin/{id}', purgeCustomer);
