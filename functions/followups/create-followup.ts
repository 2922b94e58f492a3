import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';

export const createFollowUp = async (req: Req<'POST /v1/customers/{id}/followups'>) => {
  const record = await followups.addFollowUp(req.auth, req.params.id, req.body);
  return created(record, `/v1/customers/${record.customerId}/followups`);
};

export const handler = http('POST /v1/customers/{id}/followups', createFollowUp);
