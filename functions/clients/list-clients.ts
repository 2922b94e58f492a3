import { clientRoutes } from '#lib/clients/routes.ts';
import * as clients from '#lib/clients/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(clientRoutes, 'GET /v1/api-clients');

export const listClients = async (req: Req<typeof endpoint>) =>
  ok(await clients.listClients(req.auth, req.query));

export const handler = http(endpoint, listClients);
