import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import * as pipeline from '#lib/pipeline/service.ts';

export const createContract = async (req: Req<'POST /v1/contracts'>) => {
  const made = await pipeline.createContract(req.auth, req.body);
  return created(made, `/v1/contracts/${made.id}`, made.version);
};

export const handler = http('POST /v1/contracts', createContract);
