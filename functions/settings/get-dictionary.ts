import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as settings from '#lib/settings/service.ts';

export const getDictionary = async (req: Req<'GET /v1/dictionaries/{kind}'>) =>
  ok(await settings.getDictionary(req.auth, req.params.kind));

export const handler = http('GET /v1/dictionaries/{kind}', getDictionary);
