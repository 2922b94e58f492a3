import * as contacts from '#lib/contacts/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getContact = async (req: Req<'GET /v1/contacts/{id}'>) => {
  const contact = await contacts.getContact(req.auth, req.params.id);
  return ok(contact, { version: contact.version });
};

export const handler = http('GET /v1/contacts/{id}', getContact);
