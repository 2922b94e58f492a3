import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as notifications from '#lib/notifications/service.ts';

export const markRead = async (req: Req<'POST /v1/notifications/{id}/read'>) =>
  ok(await notifications.markRead(req.auth, req.params.id));

export const handler = http('POST /v1/notifications/{id}/read', markRead);
