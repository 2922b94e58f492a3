import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'POST /v1/dictionaries/{kind}/items');

export const createDictionaryItem = async (req: Req<typeof endpoint>) => {
  const item = await settings.createDictionaryItem(req.auth, req.params.kind, req.body);
  return created(item, `/v1/dictionaries/${item.kind}/items/${item.id}`, item.version);
};

export const handler = http(endpoint, createDictionaryItem);
