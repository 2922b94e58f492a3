import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const getOwnerHistory = async (req: Req<'GET /v1/customers/{id}/owner-history'>) =>
  ok(await pool.ownerHistory(req.auth, req.params.id, req.query));

export const handler = http('GET /v1/customers/{id}/owner-history', getOwnerHistory);
