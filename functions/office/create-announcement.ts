import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { announcementRoutes } from '#lib/office/announcements/routes.ts';
import * as announcements from '#lib/office/announcements/service.ts';

const endpoint = route(announcementRoutes, 'POST /v1/announcements');

export const createAnnouncement = async (req: Req<typeof endpoint>) => {
  const a = await announcements.publish(req.auth, req.body);
  return created(a, `/v1/announcements/${a.id}`, a.version);
};

export const handler = http(endpoint, createAnnouncement);
