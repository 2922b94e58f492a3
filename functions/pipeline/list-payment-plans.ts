import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const listPaymentPlans = async (req: Req<'GET /v1/contracts/{id}/payment-plans'>) =>
  ok(await pipeline.listPaymentPlans(req.auth, req.params.id, req.query));

export const handler = http('GET /v1/contracts/{id}/payment-plans', listPaymentPlans);
