import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';

export const createPlan = async (req: Req<'POST /v1/customers/{id}/plans'>) => {
  const plan = await followups.createPlan(req.auth, req.params.id, req.body);
  return created(plan, `/v1/plans/${plan.id}`, plan.version);
};

export const handler = http('POST /v1/customers/{id}/plans', createPlan);
