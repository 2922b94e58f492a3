import { fileRoutes } from '#lib/files/routes.ts';
import * as files from '#lib/files/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fileRoutes, 'GET /v1/attachments/{id}');

export const getAttachment = async (req: Req<typeof endpoint>) =>
  ok(await files.getAttachment(req.auth, req.params.id));

export const handler = http(endpoint, getAttachment);
