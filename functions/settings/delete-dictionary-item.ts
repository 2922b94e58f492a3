import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

/** If-Match is optional here: with it, a stale version is 412. */
export const deleteDictionaryItem = async (req: Req<'DELETE /v1/dictionaries/{kind}/items/{id}'>) => {
  const expected = req.headers['if-match'] ? expectedVersion(req.headers) : undefined;
  await settings.deleteDictionaryItem(req.auth, req.params.kind, req.params.id, expected);
  return noContent();
};

export const handler = http('DELETE /v1/dictionaries/{kind}/items/{id}', deleteDictionaryItem);
