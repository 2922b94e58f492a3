import * as contacts from '#lib/contacts/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';

export const createContact = async (req: Req<'POST /v1/customers/{id}/contacts'>) => {
  const contact = await contacts.createContact(req.auth, req.params.id, req.body);
  return created(contact, `/v1/contacts/${contact.id}`, contact.version);
};

export const handler = http('POST /v1/customers/{id}/contacts', createContact);
