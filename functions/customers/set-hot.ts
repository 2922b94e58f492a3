import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const setHot = async (req: Req<'PUT /v1/customers/{id}/hot'>) => {
  const customer = await customers.setHot(req.auth, req.params.id, true);
  return ok(customer, { version: customer.version });
};

export const handler = http('PUT /v1/customers/{id}/hot', setHot);
