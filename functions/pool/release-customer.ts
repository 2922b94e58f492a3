import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const releaseCustomer = async (req: Req<'POST /v1/customers/{id}/release'>) => {
  const customer = await pool.release(req.auth, req.params.id, req.body);
  return ok(customer, { version: customer.version });
};

export const handler = http('POST /v1/customers/{id}/release', releaseCustomer);
