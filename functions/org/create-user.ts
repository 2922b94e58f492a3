import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { orgRoutes } from '#lib/org/routes.ts';
import * as org from '#lib/org/service.ts';

const endpoint = route(orgRoutes, 'POST /v1/users');

export const createUser = async (req: Req<typeof endpoint>) => {
  const user = await org.createUser(req.auth, req.body);
  return created(user, `/v1/users/${user.id}`, user.version);
};

export const handler = http(endpoint, createUser);
