import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { eventRoutes } from '#lib/office/events/routes.ts';
import * as events from '#lib/office/events/service.ts';

const endpoint = route(eventRoutes, 'POST /v1/events/{id}/rsvp');

export const rsvpEvent = async (req: Req<typeof endpoint>) => {
  const event = await events.rsvp(req.auth, req.params.id, req.body);
  return ok(event, { version: event.version });
};

export const handler = http(endpoint, rsvpEvent);
