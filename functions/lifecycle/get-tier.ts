import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { lifecycleRoutes } from '#lib/lifecycle/routes.ts';
import { getCustomerTier } from '#lib/lifecycle/tiers.ts';

const endpoint = route(lifecycleRoutes, 'GET /v1/customers/{id}/tier');

export const getTier = async (req: Req<typeof endpoint>) =>
  ok(await getCustomerTier(req.auth, req.params.id));

export const handler = http(endpoint, getTier);
