import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { poolRoutes } from '#lib/pool/routes.ts';
import * as pool from '#lib/pool/service.ts';

const endpoint = route(poolRoutes, 'PATCH /v1/pools/{id}');

export const updatePool = async (req: Req<typeof endpoint>) => {
  const version = expectedVersion(req.headers);
  const p = await pool.updatePool(req.auth, req.params.id, version, req.body);
  return ok(p, { version: p.version });
};

export const handler = http(endpoint, updatePool);
