import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'GET /v1/customers/{id}/news');

export const listNews = async (req: Req<typeof endpoint>) =>
  ok(await customers.listNews(req.auth, req.params.id, req.query));

export const handler = http(endpoint, listNews);
