import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';
import { webhookRoutes } from '#lib/webhooks/routes.ts';
import * as webhooks from '#lib/webhooks/service.ts';

const endpoint = route(webhookRoutes, 'POST /v1/webhooks/{id}/rotate-secret');

export const rotateSecret = async (req: Req<typeof endpoint>) =>
  ok(await webhooks.rotateSecret(req.auth, req.params.id, req.body?.graceHours));

export const handler = http(endpoint, rotateSecret);
