import * as lists from '#lib/followups/lists.ts';
import { followupRoutes } from '#lib/followups/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'GET /v1/calendar');

export const getCalendar = async (req: Req<typeof endpoint>) => ok(await lists.calendar(req.auth, req.query));

export const handler = http(endpoint, getCalendar);
