import { listContacts as list } from '#lib/contacts/lists.ts';
import { contactRoutes } from '#lib/contacts/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(contactRoutes, 'GET /v1/contacts');

export const listContacts = async (req: Req<typeof endpoint>) => ok(await list(req.auth, req.query));

export const handler = http(endpoint, listContacts);
