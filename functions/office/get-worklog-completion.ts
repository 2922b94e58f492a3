import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { worklogRoutes } from '#lib/office/worklogs/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(worklogRoutes, 'GET /v1/worklogs/completion');

export const getWorklogCompletion = async (req: Req<typeof endpoint>) =>
  ok(await worklogs.completion(req.auth, req.query));

export const handler = http(endpoint, getWorklogCompletion);
