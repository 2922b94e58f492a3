import { http, type Req } from '#lib/http/http.ts';
import { noContent } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { webhookRoutes } from '#lib/webhooks/routes.ts';
import * as webhooks from '#lib/webhooks/service.ts';

const endpoint = route(webhookRoutes, 'DELETE /v1/webhooks/{id}');

export const deleteWebhook = async (req: Req<typeof endpoint>) => {
  await webhooks.deleteWebhook(req.auth, req.params.id);
  return noContent();
};

export const handler = http(endpoint, deleteWebhook);
