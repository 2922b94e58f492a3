import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'DELETE /v1/dictionaries/{kind}/items/{id}');

/** If-Match is optional here: with it, a stale version is 412. */
export const deleteDictionaryItem = async (req: Req<typeof endpoint>) => {
  const expected = req.headers['if-match'] ? expectedVersion(req.headers) : undefined;
  await settings.deleteDictionaryItem(req.auth, req.params.kind, req.params.id, expected);
  return noContent();
};

export const handler = http(endpoint, deleteDictionaryItem);
