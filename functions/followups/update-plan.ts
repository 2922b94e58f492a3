import { followupRoutes } from '#lib/followups/routes.ts';
import * as followups from '#lib/followups/service.ts';
import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'PATCH /v1/plans/{id}');

export const updatePlan = async (req: Req<typeof endpoint>) => {
  const version = expectedVersion(req.headers);
  const plan = await followups.updatePlan(req.auth, req.params.id, version, req.body);
  return ok(plan, { version: plan.version });
};

export const handler = http(endpoint, updatePlan);
