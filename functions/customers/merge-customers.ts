import { mergeCustomers as merge } from '#lib/customers/merge.ts';
import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers/merge');

export const mergeCustomers = async (req: Req<typeof endpoint>) => {
  const result = await merge(req.auth, req.body);
  return ok(result, { version: result.customer.version });
};

export const handler = http(endpoint, mergeCustomers);
