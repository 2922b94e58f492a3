import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'PATCH /v1/dictionaries/{kind}/items/{id}');

export const updateDictionaryItem = async (req: Req<typeof endpoint>) => {
  const { kind, id } = req.params;
  const item = await settings.updateDictionaryItem(
    req.auth,
    kind,
    id,
    expectedVersion(req.headers),
    req.body,
  );
  return ok(item, { version: item.version });
};

export const handler = http(endpoint, updateDictionaryItem);
