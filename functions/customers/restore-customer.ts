import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const restoreCustomer = async (req: Req<'POST /v1/customers/{id}/restore'>) => {
  const customer = await customers.restoreCustomer(req.auth, req.params.id);
  return ok(customer, { version: customer.version });
};

export const handler = http('POST /v1/customers/{id}/restore', restoreCustomer);
