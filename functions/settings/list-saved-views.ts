import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'GET /v1/saved-views');

export const listSavedViews = async (req: Req<typeof endpoint>) =>
  ok(await settings.listSavedViews(req.auth, req.query));

export const handler = http(endpoint, listSavedViews);
