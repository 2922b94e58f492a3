import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { announcementRoutes } from '#lib/office/announcements/routes.ts';
import * as announcements from '#lib/office/announcements/service.ts';

const endpoint = route(announcementRoutes, 'DELETE /v1/announcements/{id}');

export const deleteAnnouncement = async (req: Req<typeof endpoint>) => {
  await announcements.remove(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deleteAnnouncement);
