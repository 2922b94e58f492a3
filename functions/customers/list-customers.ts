import { listCustomers as list } from '#lib/customers/lists.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const listCustomers = async (req: Req<'GET /v1/customers'>) => ok(await list(req.auth, req.query));

export const handler = http('GET /v1/customers', listCustomers);
