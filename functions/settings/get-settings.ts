import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const getSettings = async (req: Req<'GET /v1/settings'>) => {
  const current = await settings.getSettings(req.auth);
  return ok(current, { version: current.version });
};

export const handler = http('GET /v1/settings', getSettings);
