import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import * as settings from '#lib/settings/service.ts';

const endpoint = route(settingsRoutes, 'GET /v1/custom-fields');

export const listCustomFields = async (req: Req<typeof endpoint>) =>
  ok({ items: await settings.listCustomFields(req.auth, req.query.entity) });

export const handler = http(endpoint, listCustomFields);
