import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const updateSettings = async (req: Req<'PATCH /v1/settings'>) => {
  const updated = await settings.updateSettings(req.auth, expectedVersion(req.headers), req.body);
  return ok(updated, { version: updated.version });
};

export const handler = http('PATCH /v1/settings', updateSettings);
