import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import * as events from '#lib/office/events/service.ts';
import { officeRoutes } from '#lib/office/routes.ts';

const endpoint = route(officeRoutes, 'POST /v1/events');

export const createEvent = async (req: Req<typeof endpoint>) => {
  const event = await events.createEvent(req.auth, req.body);
  return created(event, `/v1/events/${event.id}`, event.version);
};

export const handler = http(endpoint, createEvent);
