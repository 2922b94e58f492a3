import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { announcementRoutes } from '#lib/office/announcements/routes.ts';
import * as announcements from '#lib/office/announcements/service.ts';

const endpoint = route(announcementRoutes, 'GET /v1/announcements');

export const listAnnouncements = async (req: Req<typeof endpoint>) =>
  ok(await announcements.inbox(req.auth, req.query));

export const handler = http(endpoint, listAnnouncements);
