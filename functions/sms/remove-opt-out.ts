import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import * as sms from '#lib/sms/service.ts';

export const removeOptOut = async (req: Req<'DELETE /v1/sms/opt-outs'>) => {
  await sms.removeOptOut(req.auth, req.body.phone);
  return noContent();
};

export const handler = http('DELETE /v1/sms/opt-outs', removeOptOut);
