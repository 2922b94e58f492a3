import { contactRoutes } from '#lib/contacts/routes.ts';
import * as contacts from '#lib/contacts/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(contactRoutes, 'DELETE /v1/contacts/{id}');

export const deleteContact = async (req: Req<typeof endpoint>) => {
  await contacts.deleteContact(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deleteContact);
