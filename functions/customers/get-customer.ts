import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getCustomer = async (req: Req<'GET /v1/customers/{id}'>) => {
  const customer = await customers.getCustomer(req.auth, req.params.id);
  return ok(customer, { version: customer.version });
};

export const handler = http('GET /v1/customers/{id}', getCustomer);
