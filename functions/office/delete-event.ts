import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import * as events from '#lib/office/events/service.ts';
import { officeRoutes } from '#lib/office/routes.ts';

const endpoint = route(officeRoutes, 'DELETE /v1/events/{id}');

export const deleteEvent = async (req: Req<typeof endpoint>) => {
  await events.deleteEvent(req.auth, req.params.id, req.query);
  return noContent();
};

export const handler = http(endpoint, deleteEvent);
