import { contactRoutes } from '#lib/contacts/routes.ts';
import * as contacts from '#lib/contacts/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(contactRoutes, 'GET /v1/contacts/{id}');

export const getContact = async (req: Req<typeof endpoint>) => {
  const contact = await contacts.getContact(req.auth, req.params.id);
  return ok(contact, { version: contact.version });
};

export const handler = http(endpoint, getContact);
