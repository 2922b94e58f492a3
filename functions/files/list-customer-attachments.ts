import { fileRoutes } from '#lib/files/routes.ts';
import * as files from '#lib/files/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(fileRoutes, 'GET /v1/customers/{id}/attachments');

export const listCustomerAttachments = async (req: Req<typeof endpoint>) =>
  ok(await files.listCustomerAttachments(req.auth, req.params.id, req.query));

export const handler = http(endpoint, listCustomerAttachments);
