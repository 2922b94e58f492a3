import { fileRoutes } from '#lib/files/routes.ts';
import * as files from '#lib/files/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fileRoutes, 'POST /v1/attachments/{id}/complete');

export const completeAttachment = async (req: Req<typeof endpoint>) =>
  ok(await files.completeAttachment(req.auth, req.params.id));

export const handler = http(endpoint, completeAttachment);
