import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const getDirectory = async (req: Req<'GET /v1/directory'>) =>
  ok(await org.directory(req.auth, req.query));

export const handler = http('GET /v1/directory', getDirectory);
