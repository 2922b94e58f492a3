import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const getMe = async (req: Req<'GET /v1/me'>) => ok(await org.me(req.auth));

export const handler = http('GET /v1/me', getMe);
