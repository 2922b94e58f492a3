import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'DELETE /v1/custom-fields/{id}');

export const deleteCustomField = async (req: Req<typeof endpoint>) => {
  await settings.deleteCustomField(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deleteCustomField);
