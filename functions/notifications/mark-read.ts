import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { notificationRoutes } from '#lib/notifications/routes.ts';
import * as notifications from '#lib/notifications/service.ts';

const endpoint = route(notificationRoutes, 'POST /v1/notifications/{id}/read');

export const markRead = async (req: Req<typeof endpoint>) =>
  ok(await notifications.markRead(req.auth, req.params.id));

export const handler = http(endpoint, markRead);
