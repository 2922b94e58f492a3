import { http, type Req } from '#lib/http/http.ts';
import { accepted } from '#lib/http/respond.ts';
import * as sms from '#lib/sms/service.ts';

/** 202 at once: the sending is the worker's (functions/sms/broadcast-worker.ts). */
export const createBroadcast = async (req: Req<'POST /v1/sms/broadcasts'>) => {
  const { id } = await sms.createBroadcast(req.auth, req.body);
  return accepted({ id }, `/v1/sms/broadcasts/${id}`);
};

export const handler = http('POST /v1/sms/broadcasts', createBroadcast);
