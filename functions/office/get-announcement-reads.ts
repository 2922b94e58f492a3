import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { announcementRoutes } from '#lib/office/announcements/routes.ts';
import * as announcements from '#lib/office/announcements/service.ts';

const endpoint = route(announcementRoutes, 'GET /v1/announcements/{id}/reads');

export const getAnnouncementReads = async (req: Req<typeof endpoint>) =>
  ok(await announcements.reads(req.auth, req.params.id));

export const handler = http(endpoint, getAnnouncementReads);
