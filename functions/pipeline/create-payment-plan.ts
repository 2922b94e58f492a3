import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const createPaymentPlan = async (req: Req<'POST /v1/contracts/{id}/payment-plans'>) => {
  const made = await pipeline.createPaymentPlan(req.auth, req.params.id, req.body);
  return created(made, `/v1/contracts/${made.contractId}/payment-plans`, made.version);
};

export const handler = http('POST /v1/contracts/{id}/payment-plans', createPaymentPlan);
