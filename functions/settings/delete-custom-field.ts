import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const deleteCustomField = async (req: Req<'DELETE /v1/custom-fields/{id}'>) => {
  await settings.deleteCustomField(req.auth, req.params.id);
  return noContent();
};

export const handler = http('DELETE /v1/custom-fields/{id}', deleteCustomField);
