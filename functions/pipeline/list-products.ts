import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const listProducts = async (req: Req<'GET /v1/products'>) =>
  ok(await pipeline.listProducts(req.auth, req.query));

export const handler = http('GET /v1/products', listProducts);
