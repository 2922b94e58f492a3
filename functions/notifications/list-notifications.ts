import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as notifications from '#lib/notifications/service.ts';

export const listNotifications = async (req: Req<'GET /v1/notifications'>) =>
  ok(await notifications.listNotifications(req.auth, req.query));

export const handler = http('GET /v1/notifications', listNotifications);
