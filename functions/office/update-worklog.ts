import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { worklogRoutes } from '#lib/office/worklogs/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(worklogRoutes, 'PATCH /v1/worklogs/{id}');

export const updateWorklog = async (req: Req<typeof endpoint>) => {
  const log = await worklogs.update(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(log, { version: log.version });
};

export const handler = http(endpoint, updateWorklog);
