import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { productRoutes } from '#lib/pipeline/products-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(productRoutes, 'GET /v1/products/{id}');

export const getProduct = async (req: Req<typeof endpoint>) => {
  const found = await pipeline.getProduct(req.auth, req.params.id);
  return ok(found, { version: found.version });
};

export const handler = http(endpoint, getProduct);
