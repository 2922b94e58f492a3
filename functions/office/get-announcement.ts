import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { announcementRoutes } from '#lib/office/announcements/routes.ts';
import * as announcements from '#lib/office/announcements/service.ts';

const endpoint = route(announcementRoutes, 'GET /v1/announcements/{id}');

export const getAnnouncement = async (req: Req<typeof endpoint>) => {
  const a = await announcements.read(req.auth, req.params.id);
  return ok(a, { version: a.version });
};

export const handler = http(endpoint, getAnnouncement);
