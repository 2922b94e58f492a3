import { followupRoutes } from '#lib/followups/routes.ts';
import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'GET /v1/customers/{id}/followups');

export const listFollowUps = async (req: Req<typeof endpoint>) =>
  ok(await followups.listFollowUps(req.auth, req.params.id, req.query));

export const handler = http(endpoint, listFollowUps);
