import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const createRole = async (req: Req<'POST /v1/roles'>) => {
  const role = await org.createRole(req.auth, req.body);
  return created(role, `/v1/roles/${role.id}`, role.version);
};

export const handler = http('POST /v1/roles', createRole);
