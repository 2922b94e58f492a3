import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const listFollowUps = async (req: Req<'GET /v1/customers/{id}/followups'>) =>
  ok(await followups.listFollowUps(req.auth, req.params.id, req.query));

export const handler = http('GET /v1/customers/{id}/followups', listFollowUps);
