import * as followups from '#lib/followups/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';

export const deletePlan = async (req: Req<'DELETE /v1/plans/{id}'>) => {
  await followups.deletePlan(req.auth, req.params.id);
  return noContent();
};

export const handler = http('DELETE /v1/plans/{id}', deletePlan);
