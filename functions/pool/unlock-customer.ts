import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { poolRoutes } from '#lib/pool/routes.ts';
import * as pool from '#lib/pool/service.ts';

const endpoint = route(poolRoutes, 'DELETE /v1/customers/{id}/lock');

export const unlockCustomer = async (req: Req<typeof endpoint>) => {
  const customer = await pool.setLock(req.auth, req.params.id, false);
  return ok(customer, { version: customer.version });
};

export const handler = http(endpoint, unlockCustomer);
