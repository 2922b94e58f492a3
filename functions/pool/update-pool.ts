import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const updatePool = async (req: Req<'PATCH /v1/pools/{id}'>) => {
  const version = expectedVersion(req.headers);
  const p = await pool.updatePool(req.auth, req.params.id, version, req.body);
  return ok(p, { version: p.version });
};

export const handler = http('PATCH /v1/pools/{id}', updatePool);
