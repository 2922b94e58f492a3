import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const updateUser = async (req: Req<'PATCH /v1/users/{id}'>) => {
  const user = await org.updateUser(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(user, { version: user.version });
};

export const handler = http('PATCH /v1/users/{id}', updateUser);
