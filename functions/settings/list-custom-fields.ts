import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const listCustomFields = async (req: Req<'GET /v1/custom-fields'>) =>
  ok({ items: await settings.listCustomFields(req.auth, req.query.entity) });

export const handler = http('GET /v1/custom-fields', listCustomFields);
