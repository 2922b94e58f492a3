import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { worklogRoutes } from '#lib/office/worklogs/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(worklogRoutes, 'DELETE /v1/worklogs/{id}/like');

export const unlikeWorklog = async (req: Req<typeof endpoint>) =>
  ok(await worklogs.like(req.auth, req.params.id, false));

export const handler = http(endpoint, unlikeWorklog);
