import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as sms from '#lib/sms/service.ts';

export const listOptOuts = async (req: Req<'GET /v1/sms/opt-outs'>) =>
  ok(await sms.listOptOuts(req.auth, req.query));

export const handler = http('GET /v1/sms/opt-outs', listOptOuts);
