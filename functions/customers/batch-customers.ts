import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { batchCustomers as runBatch } from '#lib/pool/batch.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers/batch');

export const batchCustomers = async (req: Req<typeof endpoint>) => ok(await runBatch(req.auth, req.body));

export const handler = http(endpoint, batchCustomers);
