import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers/{id}/relations');

export const createRelation = async (req: Req<typeof endpoint>) => {
  const relation = await customers.addRelation(req.auth, req.params.id, req.body);
  return created(relation, `/v1/customers/${relation.customerId}/relations/${relation.relatedId}`);
};

export const handler = http(endpoint, createRelation);
