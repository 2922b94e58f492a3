import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { worklogRoutes } from '#lib/office/worklogs/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(worklogRoutes, 'POST /v1/worklogs');

export const createWorklog = async (req: Req<typeof endpoint>) => {
  const log = await worklogs.submit(req.auth, req.body);
  return created(log, `/v1/worklogs/${log.id}`, log.version);
};

export const handler = http(endpoint, createWorklog);
