import { http, type Req } from '#lib/http/http.ts';
import { created, ok } from '#lib/http/respond.ts';
import * as sms from '#lib/sms/service.ts';

/** 201 for a new opt-out, 200 with the existing one when the number had opted out already. */
export const addOptOut = async (req: Req<'POST /v1/sms/opt-outs'>) => {
  const { optOut, created: isNew } = await sms.addOptOut(req.auth, req.body.phone);
  return isNew ? created(optOut, `/v1/sms/opt-outs?phone=${encodeURIComponent(optOut.phone)}`) : ok(optOut);
};

export const handler = http('POST /v1/sms/opt-outs', addOptOut);
