import { fileRoutes } from '#lib/files/routes.ts';
import * as files from '#lib/files/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fileRoutes, 'DELETE /v1/attachments/{id}');

export const deleteAttachment = async (req: Req<typeof endpoint>) => {
  await files.deleteAttachment(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deleteAttachment);
