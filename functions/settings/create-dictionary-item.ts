import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const createDictionaryItem = async (req: Req<'POST /v1/dictionaries/{kind}/items'>) => {
  const item = await settings.createDictionaryItem(req.auth, req.params.kind, req.body);
  return created(item, `/v1/dictionaries/${item.kind}/items/${item.id}`, item.version);
};

export const handler = http('POST /v1/dictionaries/{kind}/items', createDictionaryItem);
