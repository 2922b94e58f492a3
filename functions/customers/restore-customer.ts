import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers/{id}/restore');

export const restoreCustomer = async (req: Req<typeof endpoint>) => {
  const customer = await customers.restoreCustomer(req.auth, req.params.id);
  return ok(customer, { version: customer.version });
};

export const handler = http(endpoint, restoreCustomer);
