import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const listPools = async (req: Req<'GET /v1/pools'>) => ok(await pool.listPools(req.auth, req.query));

export const handler = http('GET /v1/pools', listPools);
