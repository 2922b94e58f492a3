import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const claimCustomer = async (req: Req<'POST /v1/customers/{id}/claim'>) => {
  const customer = await pool.claim(req.auth, req.params.id);
  return ok(customer, { version: customer.version });
};

export const handler = http('POST /v1/customers/{id}/claim', claimCustomer);
