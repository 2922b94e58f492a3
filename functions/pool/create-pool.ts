import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { poolRoutes } from '#lib/pool/routes.ts';
import * as pool from '#lib/pool/service.ts';

const endpoint = route(poolRoutes, 'POST /v1/pools');

export const createPool = async (req: Req<typeof endpoint>) => {
  const p = await pool.createPool(req.auth, req.body);
  return created(p, `/v1/pools/${p.id}`, p.version);
};

export const handler = http(endpoint, createPool);
