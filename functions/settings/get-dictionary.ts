import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'GET /v1/dictionaries/{kind}');

export const getDictionary = async (req: Req<typeof endpoint>) =>
  ok(await settings.getDictionary(req.auth, req.params.kind));

export const handler = http(endpoint, getDictionary);
