import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { orgRoutes } from '#lib/org/routes.ts';
import * as org from '#lib/org/service.ts';

const endpoint = route(orgRoutes, 'POST /v1/roles');

export const createRole = async (req: Req<typeof endpoint>) => {
  const role = await org.createRole(req.auth, req.body);
  return created(role, `/v1/roles/${role.id}`, role.version);
};

export const handler = http(endpoint, createRole);
