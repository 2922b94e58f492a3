import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const createSavedView = async (req: Req<'POST /v1/saved-views'>) => {
  const view = await settings.createSavedView(req.auth, req.body);
  return created(view, `/v1/saved-views/${view.id}`);
};

export const handler = http('POST /v1/saved-views', createSavedView);
