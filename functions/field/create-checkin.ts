import { fieldRoutes } from '#lib/field/routes.ts';
import * as field from '#lib/field/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fieldRoutes, 'POST /v1/checkins');

export const createCheckin = async (req: Req<typeof endpoint>) => {
  const checkin = await field.checkIn(req.auth, req.body);
  return created(checkin, `/v1/checkins/${checkin.id}`);
};

export const handler = http(endpoint, createCheckin);
