import { fieldRoutes } from '#lib/field/routes.ts';
import * as field from '#lib/field/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fieldRoutes, 'POST /v1/checkins/{id}/checkout');

export const checkOut = async (req: Req<typeof endpoint>) =>
  ok(await field.checkOut(req.auth, req.params.id));

export const handler = http(endpoint, checkOut);
