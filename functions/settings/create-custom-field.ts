import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const createCustomField = async (req: Req<'POST /v1/custom-fields'>) => {
  const field = await settings.createCustomField(req.auth, req.body);
  return created(field, `/v1/custom-fields/${field.id}`, field.version);
};

export const handler = http('POST /v1/custom-fields', createCustomField);
