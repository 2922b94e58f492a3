import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const putStages = async (req: Req<'PUT /v1/opportunity-stages'>) => {
  const updated = await pipeline.putStages(req.auth, expectedVersion(req.headers), req.body);
  return ok(updated, { version: updated.version });
};

export const handler = http('PUT /v1/opportunity-stages', putStages);
