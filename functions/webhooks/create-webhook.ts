import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { webhookRoutes } from '#lib/webhooks/routes.ts';
import * as webhooks from '#lib/webhooks/service.ts';

const endpoint = route(webhookRoutes, 'POST /v1/webhooks');

export const createWebhook = async (req: Req<typeof endpoint>) => {
  const hook = await webhooks.createWebhook(req.auth, req.body);
  return created(hook, `/v1/webhooks/${hook.id}`, hook.version);
};

export const handler = http(endpoint, createWebhook);
