import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const updateCustomField = async (req: Req<'PATCH /v1/custom-fields/{id}'>) => {
  const field = await settings.updateCustomField(
    req.auth,
    req.params.id,
    expectedVersion(req.headers),
    req.body,
  );
  return ok(field, { version: field.version });
};

export const handler = http('PATCH /v1/custom-fields/{id}', updateCustomField);
