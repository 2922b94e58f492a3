import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { orgRoutes } from '#lib/org/routes.ts';
import * as org from '#lib/org/service.ts';

const endpoint = route(orgRoutes, 'DELETE /v1/roles/{id}');

export const deleteRole = async (req: Req<typeof endpoint>) => {
  await org.deleteRole(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deleteRole);
