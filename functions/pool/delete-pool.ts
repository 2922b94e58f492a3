import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { poolRoutes } from '#lib/pool/routes.ts';
import * as pool from '#lib/pool/service.ts';

const endpoint = route(poolRoutes, 'DELETE /v1/pools/{id}');

/** If-Match is optional here: given, a stale version is refused (412). */
export const deletePool = async (req: Req<typeof endpoint>) => {
  const version = req.headers['if-match'] ? expectedVersion(req.headers) : undefined;
  await pool.deletePool(req.auth, req.params.id, version);
  return noContent();
};

export const handler = http(endpoint, deletePool);
