import { followupRoutes } from '#lib/followups/routes.ts';
import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'POST /v1/followups/{id}/replies');

export const createReply = async (req: Req<typeof endpoint>) => {
  const reply = await followups.reply(req.auth, req.params.id, req.body.content);
  return created(reply, `/v1/followups/${reply.followupId}/replies`);
};

export const handler = http(endpoint, createReply);
