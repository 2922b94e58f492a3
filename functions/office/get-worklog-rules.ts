import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { officeRoutes } from '#lib/office/routes.ts';
import * as worklogs from '#lib/office/worklogs/service.ts';

const endpoint = route(officeRoutes, 'GET /v1/worklog-rules');

export const getWorklogRules = async (req: Req<typeof endpoint>) => {
  const rules = await worklogs.getRules(req.auth);
  return ok(rules, { version: rules.version });
};

export const handler = http(endpoint, getWorklogRules);
