import { followupRoutes } from '#lib/followups/routes.ts';
import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'GET /v1/plans/{id}');

export const getPlan = async (req: Req<typeof endpoint>) => {
  const plan = await followups.getPlan(req.auth, req.params.id);
  return ok(plan, { version: plan.version });
};

export const handler = http(endpoint, getPlan);
