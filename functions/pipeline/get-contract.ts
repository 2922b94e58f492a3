import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { contractRoutes } from '#lib/pipeline/contracts-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(contractRoutes, 'GET /v1/contracts/{id}');

export const getContract = async (req: Req<typeof endpoint>) => {
  const found = await pipeline.getContract(req.auth, req.params.id);
  return ok(found, { version: found.version });
};

export const handler = http(endpoint, getContract);
