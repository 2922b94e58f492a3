import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const updateRole = async (req: Req<'PATCH /v1/roles/{id}'>) => {
  const role = await org.updateRole(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(role, { version: role.version });
};

export const handler = http('PATCH /v1/roles/{id}', updateRole);
