import { clientRoutes } from '#lib/clients/routes.ts';
import * as clients from '#lib/clients/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(clientRoutes, 'DELETE /v1/api-clients/{id}');

export const deleteClient = async (req: Req<typeof endpoint>) => {
  await clients.deleteClient(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deleteClient);
