import { findDuplicates as find } from '#lib/customers/lists.ts';
import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'GET /v1/customers/duplicates');

export const findDuplicates = async (req: Req<typeof endpoint>) => ok(await find(req.auth, req.query));

export const handler = http(endpoint, findDuplicates);
