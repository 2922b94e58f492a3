import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const createPayment = async (req: Req<'POST /v1/payments'>) => {
  const result = await pipeline.createPayment(req.auth, req.body);
  return created(result, `/v1/contracts/${result.payment.contractId}/payments`);
};

export const handler = http('POST /v1/payments', createPayment);
