import { findDuplicates as find } from '#lib/customers/lists.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const findDuplicates = async (req: Req<'GET /v1/customers/duplicates'>) =>
  ok(await find(req.auth, req.query));

export const handler = http('GET /v1/customers/duplicates', findDuplicates);
