import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { contractRoutes } from '#lib/pipeline/contracts-routes.ts';
import * as pipeline from '#lib/pipeline/service.ts';

const endpoint = route(contractRoutes, 'GET /v1/contracts');

export const listContracts = async (req: Req<typeof endpoint>) =>
  ok(await pipeline.listContracts(req.auth, req.query));

export const handler = http(endpoint, listContracts);
