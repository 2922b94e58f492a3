import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const moveToPool = async (req: Req<'POST /v1/recycle-bin/{id}/to-pool'>) => {
  const customer = await customers.recycledToPool(req.auth, req.params.id, req.body);
  return ok(customer, { version: customer.version });
};

export const handler = http('POST /v1/recycle-bin/{id}/to-pool', moveToPool);
