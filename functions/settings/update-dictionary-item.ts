import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const updateDictionaryItem = async (req: Req<'PATCH /v1/dictionaries/{kind}/items/{id}'>) => {
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

export const handler = http('PATCH /v1/dictionaries/{kind}/items/{id}', updateDictionaryItem);
