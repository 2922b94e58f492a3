import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const deleteUser = async (req: Req<'DELETE /v1/users/{id}'>) => {
  await org.deleteUser(req.auth, req.params.id);
  return noContent();
};

export const handler = http('DELETE /v1/users/{id}', deleteUser);
