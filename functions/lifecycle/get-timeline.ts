import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { lifecycleRoutes } from '#lib/lifecycle/routes.ts';
import { listTimeline } from '#lib/lifecycle/timeline.ts';

const endpoint = route(lifecycleRoutes, 'GET /v1/customers/{id}/timeline');

export const getTimeline = async (req: Req<typeof endpoint>) =>
  ok(await listTimeline(req.auth, req.params.id, req.query));

export const handler = http(endpoint, getTimeline);
