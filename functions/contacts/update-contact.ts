import * as contacts from '#lib/contacts/service.ts';
import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const updateContact = async (req: Req<'PATCH /v1/contacts/{id}'>) => {
  const version = expectedVersion(req.headers);
  const contact = await contacts.updateContact(req.auth, req.params.id, version, req.body);
  return ok(contact, { version: contact.version });
};

export const handler = http('PATCH /v1/contacts/{id}', updateContact);
