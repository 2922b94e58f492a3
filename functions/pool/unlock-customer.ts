import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const unlockCustomer = async (req: Req<'DELETE /v1/customers/{id}/lock'>) => {
  const customer = await pool.setLock(req.auth, req.params.id, false);
  return ok(customer, { version: customer.version });
};

export const handler = http('DELETE /v1/customers/{id}/lock', unlockCustomer);
