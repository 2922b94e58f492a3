import * as lists from '#lib/followups/lists.ts';
import { followupRoutes } from '#lib/followups/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'GET /v1/home');

export const getHome = async (req: Req<typeof endpoint>) => ok(await lists.home(req.auth));

export const handler = http(endpoint, getHome);
