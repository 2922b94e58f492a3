import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const listPayments = async (req: Req<'GET /v1/contracts/{id}/payments'>) =>
  ok(await pipeline.listPayments(req.auth, req.params.id, req.query));

export const handler = http('GET /v1/contracts/{id}/payments', listPayments);
