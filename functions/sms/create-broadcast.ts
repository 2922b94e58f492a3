import { http, type Req } from '#lib/http/http.ts';
import { accepted } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { smsRoutes } from '#lib/sms/routes.ts';
import * as sms from '#lib/sms/service.ts';

const endpoint = route(smsRoutes, 'POST /v1/sms/broadcasts');

/** 202 at once: the sending is the worker's (functions/sms/broadcast-worker.ts). */
export const createBroadcast = async (req: Req<typeof endpoint>) => {
  const { id } = await sms.createBroadcast(req.auth, req.body);
  return accepted({ id }, `/v1/sms/broadcasts/${id}`);
};

export const handler = http(endpoint, createBroadcast);
