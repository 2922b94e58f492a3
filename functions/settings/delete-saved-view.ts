import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const deleteSavedView = async (req: Req<'DELETE /v1/saved-views/{id}'>) => {
  await settings.deleteSavedView(req.auth, req.params.id);
  return noContent();
};

export const handler = http('DELETE /v1/saved-views/{id}', deleteSavedView);
