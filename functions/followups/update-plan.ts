import * as followups from '#lib/followups/service.ts';
import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const updatePlan = async (req: Req<'PATCH /v1/plans/{id}'>) => {
  const version = expectedVersion(req.headers);
  const plan = await followups.updatePlan(req.auth, req.params.id, version, req.body);
  return ok(plan, { version: plan.version });
};

export const handler = http('PATCH /v1/plans/{id}', updatePlan);
