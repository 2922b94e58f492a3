import { expectedVersion } from '#lib/http/etag.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { webhookRoutes } from '#lib/webhooks/routes.ts';
import * as webhooks from '#lib/webhooks/service.ts';

const endpoint = route(webhookRoutes, 'PATCH /v1/webhooks/{id}');

export const updateWebhook = async (req: Req<typeof endpoint>) => {
  const hook = await webhooks.updateWebhook(req.auth, req.params.id, expectedVersion(req.headers), req.body);
  return ok(hook, { version: hook.version });
};

export const handler = http(endpoint, updateWebhook);
