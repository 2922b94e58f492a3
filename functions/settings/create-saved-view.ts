import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'POST /v1/saved-views');

export const createSavedView = async (req: Req<typeof endpoint>) => {
  const view = await settings.createSavedView(req.auth, req.body);
  return created(view, `/v1/saved-views/${view.id}`);
};

export const handler = http(endpoint, createSavedView);
