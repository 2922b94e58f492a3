import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const assignCustomer = async (req: Req<'POST /v1/customers/{id}/assign'>) => {
  const customer = await pool.assign(req.auth, req.params.id, req.body.userId);
  return ok(customer, { version: customer.version });
};

export const handler = http('POST /v1/customers/{id}/assign', assignCustomer);
