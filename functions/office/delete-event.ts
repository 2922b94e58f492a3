import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { eventRoutes } from '#lib/office/events/routes.ts';
import * as events from '#lib/office/events/service.ts';

const endpoint = route(eventRoutes, 'DELETE /v1/events/{id}');

export const deleteEvent = async (req: Req<typeof endpoint>) => {
  await events.deleteEvent(req.auth, req.params.id, req.query);
  return noContent();
};

export const handler = http(endpoint, deleteEvent);
