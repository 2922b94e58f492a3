import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { smsRoutes } from '#lib/sms/routes.ts';
import * as sms from '#lib/sms/service.ts';

const endpoint = route(smsRoutes, 'DELETE /v1/sms/opt-outs');

export const removeOptOut = async (req: Req<typeof endpoint>) => {
  await sms.removeOptOut(req.auth, req.body.phone);
  return noContent();
};

export const handler = http(endpoint, removeOptOut);
