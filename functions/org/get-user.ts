import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { orgRoutes } from '#lib/org/routes.ts';
import * as org from '#lib/org/service.ts';

const endpoint = route(orgRoutes, 'GET /v1/users/{id}');

export const getUser = async (req: Req<typeof endpoint>) => {
  const user = await org.getUser(req.auth, req.params.id);
  return ok(user, { version: user.version });
};

export const handler = http(endpoint, getUser);
