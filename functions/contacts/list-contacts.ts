import { listContacts as list } from '#lib/contacts/lists.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const listContacts = async (req: Req<'GET /v1/contacts'>) => ok(await list(req.auth, req.query));

export const handler = http('GET /v1/contacts', listContacts);
