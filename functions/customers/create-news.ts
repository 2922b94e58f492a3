import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers/{id}/news');

export const createNews = async (req: Req<typeof endpoint>) => {
  const news = await customers.addNews(req.auth, req.params.id, req.body);
  return created(news, `/v1/customers/${news.customerId}/news`);
};

export const handler = http(endpoint, createNews);
