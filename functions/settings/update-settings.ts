import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'PATCH /v1/settings');

export const updateSettings = async (req: Req<typeof endpoint>) => {
  const updated = await settings.updateSettings(req.auth, expectedVersion(req.headers), req.body);
  return ok(updated, { version: updated.version });
};

export const handler = http(endpoint, updateSettings);
