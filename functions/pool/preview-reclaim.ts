import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pool from '#lib/pool/service.ts';

export const previewReclaim = async (req: Req<'GET /v1/pools/{id}/reclaim-preview'>) =>
  ok(await pool.reclaimPreview(req.auth, req.params.id, req.query));

export const handler = http('GET /v1/pools/{id}/reclaim-preview', previewReclaim);
