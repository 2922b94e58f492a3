import * as contacts from '#lib/contacts/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';

export const deleteContact = async (req: Req<'DELETE /v1/contacts/{id}'>) => {
  await contacts.deleteContact(req.auth, req.params.id);
  return noContent();
};

export const handler = http('DELETE /v1/contacts/{id}', deleteContact);
