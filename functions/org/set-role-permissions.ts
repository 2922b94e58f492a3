import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const setRolePermissions = async (req: Req<'PUT /v1/roles/{id}/permissions'>) => {
  const role = await org.setRolePermissions(req.auth, req.params.id, req.body.permissions);
  return ok(role, { version: role.version });
};

export const handler = http('PUT /v1/roles/{id}/permissions', setRolePermissions);
