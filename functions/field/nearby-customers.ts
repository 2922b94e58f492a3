import { fieldRoutes } from '#lib/field/routes.ts';
import * as field from '#lib/field/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fieldRoutes, 'GET /v1/customers/nearby');

export const nearbyCustomers = async (req: Req<typeof endpoint>) => {
  const { items, nextCursor } = await field.nearby(req.auth, req.query);
  return ok({ items, nextCursor });
};

export const handler = http(endpoint, nearbyCustomers);
