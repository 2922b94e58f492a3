import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { notificationRoutes } from '#lib/notifications/routes.ts';
import * as notifications from '#lib/notifications/service.ts';

const endpoint = route(notificationRoutes, 'GET /v1/notifications');

export const listNotifications = async (req: Req<typeof endpoint>) =>
  ok(await notifications.listNotifications(req.auth, req.query));

export const handler = http(endpoint, listNotifications);
