import { followupRoutes } from '#lib/followups/routes.ts';
import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'DELETE /v1/plans/{id}');

export const deletePlan = async (req: Req<typeof endpoint>) => {
  await followups.deletePlan(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deletePlan);
