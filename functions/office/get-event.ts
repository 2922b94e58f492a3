import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import * as events from '#lib/office/events/service.ts';
import { officeRoutes } from '#lib/office/routes.ts';

const endpoint = route(officeRoutes, 'GET /v1/events/{id}');

export const getEvent = async (req: Req<typeof endpoint>) => {
  const event = await events.getEvent(req.auth, req.params.id);
  return ok(event, { version: event.version });
};

export const handler = http(endpoint, getEvent);
