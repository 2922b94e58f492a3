import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const clearHot = async (req: Req<'DELETE /v1/customers/{id}/hot'>) => {
  const customer = await customers.setHot(req.auth, req.params.id, false);
  return ok(customer, { version: customer.version });
};

export const handler = http('DELETE /v1/customers/{id}/hot', clearHot);
