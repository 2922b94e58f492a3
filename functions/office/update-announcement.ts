import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import * as announcements from '#lib/office/announcements/service.ts';
import { officeRoutes } from '#lib/office/routes.ts';

const endpoint = route(officeRoutes, 'PATCH /v1/announcements/{id}');

export const updateAnnouncement = async (req: Req<typeof endpoint>) => {
  const a = await announcements.update(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(a, { version: a.version });
};

export const handler = http(endpoint, updateAnnouncement);
