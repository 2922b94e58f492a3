import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { poolRoutes } from '#lib/pool/routes.ts';
import * as pool from '#lib/pool/service.ts';

const endpoint = route(poolRoutes, 'POST /v1/customers/{id}/claim');

export const claimCustomer = async (req: Req<typeof endpoint>) => {
  const customer = await pool.claim(req.auth, req.params.id, req.body);
  return ok(customer, { version: customer.version });
};

export const handler = http(endpoint, claimCustomer);
