import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { orgRoutes } from '#lib/org/routes.ts';
import * as org from '#lib/org/service.ts';

const endpoint = route(orgRoutes, 'PATCH /v1/roles/{id}');

export const updateRole = async (req: Req<typeof endpoint>) => {
  const role = await org.updateRole(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(role, { version: role.version });
};

export const handler = http(endpoint, updateRole);
