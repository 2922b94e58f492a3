import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'PATCH /v1/custom-fields/{id}');

export const updateCustomField = async (req: Req<typeof endpoint>) => {
  const field = await settings.updateCustomField(
    req.auth,
    req.params.id,
    expectedVersion(req.headers),
    req.body,
  );
  return ok(field, { version: field.version });
};

export const handler = http(endpoint, updateCustomField);
