import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const batchCustomers = async (req: Req<'POST /v1/customers/batch'>) =>
  ok(await customers.batch(req.auth, req.body));

export const handler = http('POST /v1/customers/batch', batchCustomers);
