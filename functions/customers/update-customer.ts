import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'PATCH /v1/customers/{id}');

export const updateCustomer = async (req: Req<typeof endpoint>) => {
  const version = expectedVersion(req.headers);
  const customer = await customers.updateCustomer(req.auth, req.params.id, version, req.body);
  return ok(customer, { version: customer.version });
};

export const handler = http(endpoint, updateCustomer);
