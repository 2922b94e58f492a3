import type { RouteTable } from '../http/route.ts';
import { IdParams } from '../schemas.ts';
import * as webhooks from './schemas.ts';

/** The webhooks context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const webhookRoutes = {
  // ---- webhooks (lib/webhooks) -------------------------------------------------------------------
  'POST /v1/webhooks': {
    summary: 'Subscribe a URL to domain events; the signing secret is in this answer only',
    tag: 'Integrations',
    handler: 'functions/webhooks/create-webhook.ts',
    webhookSecrets: true,
    access: 'readWrite',
    permission: 'integrations.manage',
    request: { body: webhooks.CreateWebhookBody },
    response: { status: 201, body: webhooks.WebhookCreated },
  },
  'GET /v1/webhooks': {
    summary: "The tenant's webhooks",
    tag: 'Integrations',
    handler: 'functions/webhooks/list-webhooks.ts',
    webhookSecrets: true,
    access: 'read',
    permission: 'integrations.manage',
    request: { query: webhooks.WebhookListQuery },
    response: { status: 200, body: webhooks.WebhookPage },
  },
  'PATCH /v1/webhooks/{id}': {
    summary: 'Change a webhook’s URL, events or description, or switch it on or off; needs If-Match',
    tag: 'Integrations',
    handler: 'functions/webhooks/update-webhook.ts',
    webhookSecrets: true,
    access: 'readWrite',
    permission: 'integrations.manage',
    request: { params: IdParams, body: webhooks.UpdateWebhookBody },
    response: { status: 200, body: webhooks.Webhook },
  },
  'DELETE /v1/webhooks/{id}': {
    summary: 'Delete a webhook (its pending deliveries stop)',
    tag: 'Integrations',
    handler: 'functions/webhooks/delete-webhook.ts',
    access: 'readWrite',
    permission: 'integrations.manage',
    request: { params: IdParams },
    response: { status: 204 },
  },
  'POST /v1/webhooks/{id}/rotate-secret': {
    summary: 'A new signing secret (shown once); the previous one keeps signing for the grace period',
    tag: 'Integrations',
    handler: 'functions/webhooks/rotate-secret.ts',
    webhookSecrets: true,
    access: 'readWrite',
    permission: 'integrations.manage',
    request: { params: IdParams, body: webhooks.RotateSecretBody },
    response: { status: 200, body: webhooks.SecretRotated },
  },
  'GET /v1/webhooks/{id}/deliveries': {
    summary: 'A webhook’s delivery log, newest event first: status, attempts, response codes, latency',
    tag: 'Integrations',
    handler: 'functions/webhooks/list-deliveries.ts',
    webhookSecrets: true,
    access: 'read',
    permission: 'integrations.manage',
    request: { params: IdParams, query: webhooks.DeliveryListQuery },
    response: { status: 200, body: webhooks.DeliveryPage },
  },
  'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    summary: 'Send a delivery again (same event, same webhook-id) with the next run of the delivery job',
    tag: 'Integrations',
    handler: 'functions/webhooks/redeliver.ts',
    webhookSecrets: true,
    access: 'readWrite',
    permission: 'integrations.manage',
    request: { params: webhooks.DeliveryParams },
    response: { status: 202, body: webhooks.Delivery },
  },
} as const satisfies RouteTable;
