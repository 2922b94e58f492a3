import * as customers from '#lib/customers/service.ts';
import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const updateCustomer = async (req: Req<'PATCH /v1/customers/{id}'>) => {
  const version = expectedVersion(req.headers);
  const customer = await customers.updateCustomer(req.auth, req.params.id, version, req.body);
  return ok(customer, { version: customer.version });
};

export const handler = http('PATCH /v1/customers/{id}', updateCustomer);
