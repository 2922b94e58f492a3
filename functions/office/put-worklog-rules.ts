import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { worklogRoutes } from '#lib/office/worklogs/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(worklogRoutes, 'PUT /v1/worklog-rules');

export const putWorklogRules = async (req: Req<typeof endpoint>) => {
  const rules = await worklogs.putRules(req.auth, expectedVersion(req.headers), req.body.rules);
  return ok(rules, { version: rules.version });
};

export const handler = http(endpoint, putWorklogRules);
