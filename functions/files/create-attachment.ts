import { fileRoutes } from '#lib/files/routes.ts';
import * as files from '#lib/files/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fileRoutes, 'POST /v1/attachments');

export const createAttachment = async (req: Req<typeof endpoint>) => {
  const upload = await files.createAttachment(req.auth, req.body);
  return created(upload, `/v1/attachments/${upload.id}`);
};

export const handler = http(endpoint, createAttachment);
