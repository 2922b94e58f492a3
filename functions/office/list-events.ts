import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import * as events from '#lib/office/events/service.ts';
import { officeRoutes } from '#lib/office/routes.ts';

const endpoint = route(officeRoutes, 'GET /v1/events');

export const listEvents = async (req: Req<typeof endpoint>) => ok(await events.calendar(req.auth, req.query));

export const handler = http(endpoint, listEvents);
