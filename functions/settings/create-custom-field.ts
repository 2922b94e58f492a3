import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'POST /v1/custom-fields');

export const createCustomField = async (req: Req<typeof endpoint>) => {
  const field = await settings.createCustomField(req.auth, req.body);
  return created(field, `/v1/custom-fields/${field.id}`, field.version);
};

export const handler = http(endpoint, createCustomField);
