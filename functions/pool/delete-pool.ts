import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

/** If-Match is optional here: given, a stale version is refused (412). */
export const deletePool = async (req: Req<'DELETE /v1/pools/{id}'>) => {
  const version = req.headers['if-match'] ? expectedVersion(req.headers) : undefined;
  await pool.deletePool(req.auth, req.params.id, version);
  return noContent();
};

export const handler = http('DELETE /v1/pools/{id}', deletePool);
