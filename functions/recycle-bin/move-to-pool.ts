import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import * as pool from '#lib/pool/service.ts';

const endpoint = route(customerRoutes, 'POST /v1/recycle-bin/{id}/to-pool');

export const moveToPool = async (req: Req<typeof endpoint>) => {
  const customer = await pool.recycledToPool(req.auth, req.params.id, req.body);
  return ok(customer, { version: customer.version });
};

export const handler = http(endpoint, moveToPool);
