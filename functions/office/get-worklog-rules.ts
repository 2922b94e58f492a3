import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { worklogRoutes } from '#lib/office/worklogs/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(worklogRoutes, 'GET /v1/worklog-rules');

export const getWorklogRules = async (req: Req<typeof endpoint>) => {
  const rules = await worklogs.getRules(req.auth);
  return ok(rules, { version: rules.version });
};

export const handler = http(endpoint, getWorklogRules);
