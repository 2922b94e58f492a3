import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { smsRoutes } from '#lib/sms/routes.ts';
import * as sms from '#lib/sms/service.ts';

const endpoint = route(smsRoutes, 'GET /v1/sms/opt-outs');

export const listOptOuts = async (req: Req<typeof endpoint>) =>
  ok(await sms.listOptOuts(req.auth, req.query));

export const handler = http(endpoint, listOptOuts);
