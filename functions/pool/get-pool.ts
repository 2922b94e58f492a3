import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const getPool = async (req: Req<'GET /v1/pools/{id}'>) => {
  const p = await pool.getPool(req.auth, req.params.id);
  return ok(p, { version: p.version });
};

export const handler = http('GET /v1/pools/{id}', getPool);
