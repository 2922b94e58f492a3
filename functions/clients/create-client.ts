import { clientRoutes } from '#lib/clients/routes.ts';
import * as clients from '#lib/clients/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(clientRoutes, 'POST /v1/api-clients');

export const createClient = async (req: Req<typeof endpoint>) => {
  const client = await clients.createClient(req.auth, req.body);
  return created(client, `/v1/api-clients/${client.id}`);
};

export const handler = http(endpoint, createClient);
