import { backgroundRoutes } from '#lib/background/routes.ts';
import { getJob as getBackgroundJob } from '#lib/background/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(backgroundRoutes, 'GET /v1/jobs/{id}');

export const getJob = async (req: Req<typeof endpoint>) =>
  ok(await getBackgroundJob(req.auth, req.params.id));

export const handler = http(endpoint, getJob);
