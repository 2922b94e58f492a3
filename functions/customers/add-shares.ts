import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers/{id}/shares');

export const addShares = async (req: Req<typeof endpoint>) => {
  const customer = await customers.addShares(req.auth, req.params.id, req.body.userIds);
  return ok(customer, { version: customer.version });
};

export const handler = http(endpoint, addShares);
