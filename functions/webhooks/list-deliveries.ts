import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { webhookRoutes } from '#lib/webhooks/routes.ts';
import * as webhooks from '#lib/webhooks/service.ts';

const endpoint = route(webhookRoutes, 'GET /v1/webhooks/{id}/deliveries');

export const listDeliveries = async (req: Req<typeof endpoint>) =>
  ok(await webhooks.listDeliveries(req.auth, req.params.id, req.query));

export const handler = http(endpoint, listDeliveries);
