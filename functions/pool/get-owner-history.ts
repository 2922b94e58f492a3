import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { poolRoutes } from '#lib/pool/routes.ts';
import * as pool from '#lib/pool/service.ts';

const endpoint = route(poolRoutes, 'GET /v1/customers/{id}/owner-history');

export const getOwnerHistory = async (req: Req<typeof endpoint>) =>
  ok(await pool.ownerHistory(req.auth, req.params.id, req.query));

export const handler = http(endpoint, getOwnerHistory);
