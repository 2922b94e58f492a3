import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as sms from '#lib/sms/service.ts';

export const getBroadcast = async (req: Req<'GET /v1/sms/broadcasts/{id}'>) =>
  ok(await sms.getBroadcast(req.auth, req.params.id, req.query));

export const handler = http('GET /v1/sms/broadcasts/{id}', getBroadcast);
