import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { eventRoutes } from '#lib/office/events/routes.ts';
import * as events from '#lib/office/events/service.ts';

const endpoint = route(eventRoutes, 'POST /v1/events');

export const createEvent = async (req: Req<typeof endpoint>) => {
  const event = await events.createEvent(req.auth, req.body);
  return created(event, `/v1/events/${event.id}`, event.version);
};

export const handler = http(endpoint, createEvent);
