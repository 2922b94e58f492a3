import { followupRoutes } from '#lib/followups/routes.ts';
import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'POST /v1/customers/{id}/plans');

export const createPlan = async (req: Req<typeof endpoint>) => {
  const plan = await followups.createPlan(req.auth, req.params.id, req.body);
  return created(plan, `/v1/plans/${plan.id}`, plan.version);
};

export const handler = http(endpoint, createPlan);
