import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { contractRoutes } from '#lib/pipeline/contracts-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(contractRoutes, 'POST /v1/payments');

export const createPayment = async (req: Req<typeof endpoint>) => {
  const result = await pipeline.createPayment(req.auth, req.body);
  return created(result, `/v1/contracts/${result.payment.contractId}/payments`);
};

export const handler = http(endpoint, createPayment);
