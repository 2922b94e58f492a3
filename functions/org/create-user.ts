import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const createUser = async (req: Req<'POST /v1/users'>) => {
  const user = await org.createUser(req.auth, req.body);
  return created(user, `/v1/users/${user.id}`, user.version);
};

export const handler = http('POST /v1/users', createUser);
