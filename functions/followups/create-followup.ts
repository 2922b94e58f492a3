import { followupRoutes } from '#lib/followups/routes.ts';
import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(followupRoutes, 'POST /v1/customers/{id}/followups');

export const createFollowUp = async (req: Req<typeof endpoint>) => {
  const record = await followups.addFollowUp(req.auth, req.params.id, req.body);
  return created(record, `/v1/customers/${record.customerId}/followups`);
};

export const handler = http(endpoint, createFollowUp);
