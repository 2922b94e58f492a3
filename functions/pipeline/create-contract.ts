import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { contractRoutes } from '#lib/pipeline/contracts-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(contractRoutes, 'POST /v1/contracts');

export const createContract = async (req: Req<typeof endpoint>) => {
  const made = await pipeline.createContract(req.auth, req.body);
  return created(made, `/v1/contracts/${made.id}`, made.version);
};

export const handler = http(endpoint, createContract);
