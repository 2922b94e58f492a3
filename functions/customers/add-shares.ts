import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const addShares = async (req: Req<'POST /v1/customers/{id}/shares'>) => {
  const customer = await customers.addShares(req.auth, req.params.id, req.body.userIds);
  return ok(customer, { version: customer.version });
};

export const handler = http('POST /v1/customers/{id}/shares', addShares);
