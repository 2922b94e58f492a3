import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getPlan = async (req: Req<'GET /v1/plans/{id}'>) => {
  const plan = await followups.getPlan(req.auth, req.params.id);
  return ok(plan, { version: plan.version });
};

export const handler = http('GET /v1/plans/{id}', getPlan);
