import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'DELETE /v1/recycle-bin/{id}');

export const purgeCustomer = async (req: Req<typeof endpoint>) => {
  await customers.purgeCustomer(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, purgeCustomer);
