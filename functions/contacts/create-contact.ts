import { contactRoutes } from '#lib/contacts/routes.ts';
import * as contacts from '#lib/contacts/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(contactRoutes, 'POST /v1/customers/{id}/contacts');

export const createContact = async (req: Req<typeof endpoint>) => {
  const contact = await contacts.createContact(req.auth, req.params.id, req.body);
  return created(contact, `/v1/contacts/${contact.id}`, contact.version);
};

export const handler = http(endpoint, createContact);
