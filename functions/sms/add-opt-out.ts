import { http, type Req } from '#lib/http/http.ts';
import { created, ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { smsRoutes } from '#lib/sms/routes.ts';
import * as sms from '#lib/sms/service.ts';

const endpoint = route(smsRoutes, 'POST /v1/sms/opt-outs');

/** 201 for a new opt-out, 200 with the existing one when the number had opted out already. */
export const addOptOut = async (req: Req<typeof endpoint>) => {
  const { optOut, created: isNew } = await sms.addOptOut(req.auth, req.body.phone);
  return isNew ? created(optOut, `/v1/sms/opt-outs?phone=${encodeURIComponent(optOut.phone)}`) : ok(optOut);
};

export const handler = http(endpoint, addOptOut);
