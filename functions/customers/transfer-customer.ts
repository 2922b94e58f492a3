import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const transferCustomer = async (req: Req<'POST /v1/customers/{id}/transfer'>) => {
  const customer = await customers.transferCustomer(req.auth, req.params.id, req.body.userId);
  return ok(customer, { version: customer.version });
};

export const handler = http('POST /v1/customers/{id}/transfer', transferCustomer);
