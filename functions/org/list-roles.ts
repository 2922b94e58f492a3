import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as org from '#lib/org/service.ts';

export const listRoles = async (req: Req<'GET /v1/roles'>) => ok({ items: await org.listRoles(req.auth) });

export const handler = http('GET /v1/roles', listRoles);
