import { contactRoutes } from '#lib/contacts/routes.ts';
import * as contacts from '#lib/contacts/service.ts';
import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(contactRoutes, 'PATCH /v1/contacts/{id}');

export const updateContact = async (req: Req<typeof endpoint>) => {
  const version = expectedVersion(req.headers);
  const contact = await contacts.updateContact(req.auth, req.params.id, version, req.body);
  return ok(contact, { version: contact.version });
};

export const handler = http(endpoint, updateContact);
