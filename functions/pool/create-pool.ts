import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const createPool = async (req: Req<'POST /v1/pools'>) => {
  const p = await pool.createPool(req.auth, req.body);
  return created(p, `/v1/pools/${p.id}`, p.version);
};

export const handler = http('POST /v1/pools', createPool);
