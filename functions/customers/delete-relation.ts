import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';

export const deleteRelation = async (req: Req<'DELETE /v1/customers/{id}/relations/{relatedId}'>) => {
  await customers.removeRelation(req.auth, req.params.id, req.params.relatedId);
  return noContent();
};

export const handler = http('DELETE /v1/customers/{id}/relations/{relatedId}', deleteRelation);
