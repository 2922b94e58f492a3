import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { productRoutes } from '#lib/pipeline/products-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(productRoutes, 'GET /v1/products');

export const listProducts = async (req: Req<typeof endpoint>) =>
  ok(await pipeline.listProducts(req.auth, req.query));

export const handler = http(endpoint, listProducts);
