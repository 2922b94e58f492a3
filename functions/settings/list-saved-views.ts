import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const listSavedViews = async (req: Req<'GET /v1/saved-views'>) =>
  ok(await settings.listSavedViews(req.auth, req.query));

export const handler = http('GET /v1/saved-views', listSavedViews);
