import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const createProduct = async (req: Req<'POST /v1/products'>) => {
  const made = await pipeline.createProduct(req.auth, req.body);
  return created(made, `/v1/products/${made.id}`, made.version);
};

export const handler = http('POST /v1/products', createProduct);
