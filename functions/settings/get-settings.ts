import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'GET /v1/settings');

export const getSettings = async (req: Req<typeof endpoint>) => {
  const current = await settings.getSettings(req.auth);
  return ok(current, { version: current.version });
};

export const handler = http(endpoint, getSettings);
