import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { orgRoutes } from '#lib/org/routes.ts';
import * as org from '#lib/org/service.ts';

const endpoint = route(orgRoutes, 'PUT /v1/roles/{id}/permissions');

export const setRolePermissions = async (req: Req<typeof endpoint>) => {
  const role = await org.setRolePermissions(req.auth, req.params.id, req.body.permissions);
  return ok(role, { version: role.version });
};

export const handler = http(endpoint, setRolePermissions);
