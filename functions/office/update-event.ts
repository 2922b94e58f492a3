import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { eventRoutes } from '#lib/office/events/routes.ts';
import * as events from '#lib/office/events/service.ts';

const endpoint = route(eventRoutes, 'PATCH /v1/events/{id}');

export const updateEvent = async (req: Req<typeof endpoint>) => {
  const version = expectedVersion(req.headers);
  const event = await events.updateEvent(req.auth, req.params.id, version, req.query, req.body);
  return ok(event, { version: event.version });
};

export const handler = http(endpoint, updateEvent);
