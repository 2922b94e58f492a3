import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';

export const createReply = async (req: Req<'POST /v1/followups/{id}/replies'>) => {
  const reply = await followups.reply(req.auth, req.params.id, req.body.content);
  return created(reply, `/v1/followups/${reply.followupId}/replies`);
};

export const handler = http('POST /v1/followups/{id}/replies', createReply);
