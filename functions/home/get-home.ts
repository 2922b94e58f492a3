import * as lists from '#lib/followups/lists.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getHome = async (req: Req<'GET /v1/home'>) => ok(await lists.home(req.auth));

export const handler = http('GET /v1/home', getHome);
