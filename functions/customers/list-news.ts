import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const listNews = async (req: Req<'GET /v1/customers/{id}/news'>) =>
  ok(await customers.listNews(req.auth, req.params.id, req.query));

export const handler = http('GET /v1/customers/{id}/news', listNews);
