import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';

export const createNews = async (req: Req<'POST /v1/customers/{id}/news'>) => {
  const news = await customers.addNews(req.auth, req.params.id, req.body);
  return created(news, `/v1/customers/${news.customerId}/news`);
};

export const handler = http('POST /v1/customers/{id}/news', createNews);
