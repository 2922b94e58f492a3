import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { poolRoutes } from '#lib/pool/routes.ts';
import * as pool from '#lib/pool/service.ts';

const endpoint = route(poolRoutes, 'GET /v1/pools/{id}');

export const getPool = async (req: Req<typeof endpoint>) => {
  const p = await pool.getPool(req.auth, req.params.id);
  return ok(p, { version: p.version });
};

export const handler = http(endpoint, getPool);
