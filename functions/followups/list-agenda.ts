import * as lists from '#lib/followups/lists.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const listAgenda = async (req: Req<'GET /v1/followup-lists/{list}'>) =>
  ok(await lists.listAgenda(req.auth, req.params.list, req.query));

export const handler = http('GET /v1/followup-lists/{list}', listAgenda);
