import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';

export const createRelation = async (req: Req<'POST /v1/customers/{id}/relations'>) => {
  const relation = await customers.addRelation(req.auth, req.params.id, req.body);
  return created(relation, `/v1/customers/${relation.customerId}/relations/${relation.relatedId}`);
};

export const handler = http('POST /v1/customers/{id}/relations', createRelation);
