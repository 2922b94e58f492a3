import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { productRoutes } from '#lib/pipeline/products-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(productRoutes, 'PATCH /v1/products/{id}');

export const updateProduct = async (req: Req<typeof endpoint>) => {
  const updated = await pipeline.updateProduct(
    req.auth,
    req.params.id,
    expectedVersion(req.headers),
    req.body,
  );
  return ok(updated, { version: updated.version });
};

export const handler = http(endpoint, updateProduct);
