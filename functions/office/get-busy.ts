import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { eventRoutes } from '#lib/office/events/routes.ts';
import * as events from '#lib/office/events/service.ts';

const endpoint = route(eventRoutes, 'GET /v1/calendar/busy');

export const getBusy = async (req: Req<typeof endpoint>) => ok(await events.busy(req.auth, req.query));

export const handler = http(endpoint, getBusy);
