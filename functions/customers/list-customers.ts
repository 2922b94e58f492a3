import { listCustomers as list } from '#lib/customers/lists.ts';
import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'GET /v1/customers');

export const listCustomers = async (req: Req<typeof endpoint>) => ok(await list(req.auth, req.query));

export const handler = http(endpoint, listCustomers);
