import * as lists from '#lib/followups/lists.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getCalendar = async (req: Req<'GET /v1/calendar'>) =>
  ok(await lists.calendar(req.auth, req.query));

export const handler = http('GET /v1/calendar', getCalendar);
