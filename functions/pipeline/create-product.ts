import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { productRoutes } from '#lib/pipeline/products-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(productRoutes, 'POST /v1/products');

export const createProduct = async (req: Req<typeof endpoint>) => {
  const made = await pipeline.createProduct(req.auth, req.body);
  return created(made, `/v1/products/${made.id}`, made.version);
};

export const handler = http(endpoint, createProduct);
