import { http, type Req } from '#lib/http/http.ts';
import { accepted } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { webhookRoutes } from '#lib/webhooks/routes.ts';
import * as webhooks from '#lib/webhooks/service.ts';

const endpoint = route(webhookRoutes, 'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver');

export const redeliver = async (req: Req<typeof endpoint>) =>
  accepted(await webhooks.redeliver(req.auth, req.params.id, req.params.deliveryId));

export const handler = http(endpoint, redeliver);
