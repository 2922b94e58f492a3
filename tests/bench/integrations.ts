/**
 * The integrations' part of the bench: webhooks with a delivery log longer than a page (written
 * through the repository, as the fan-out writes them), read back a page at a time. Each list must
 * read about one item per item it returns, at both sizes.
 */
import { ulid } from 'ulid';
import type { DomainEvent } from '#lib/events/schemas.ts';
import { createDelivery, createWebhook } from '#lib/webhooks/repository.ts';
import { deliveryId } from '#lib/webhooks/rules.ts';
import type { BenchEndpoint, Seeder } from './endpoints.ts';

const PAGE = 20;
/** Webhooks per tenant (a handful is usual); deliveries of the first, per unit of scale. */
const WEBHOOKS = 5;
const WRITERS = 8;

export const integrationsSeeder: Seeder = {
  name: 'webhooks and their delivery log',
  async seed(_api, tenant) {
    const at = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < WEBHOOKS; i++) {
      const id = ulid();
      ids.push(id);
      await createWebhook(tenant.tenantId, {
        id,
        url: `https://erp${i}.example.com/hooks/crm`,
        events: ['customer.*'],
        description: null,
        status: 'active',
        disabledReason: null,
        failingSince: null,
        previousSecretExpiresAt: null,
        createdAt: at,
        createdBy: tenant.admin.userId,
        updatedAt: at,
        version: 1,
        secret: `whsec_${Buffer.from(id).toString('base64')}`,
        previousSecret: null,
      });
    }
    const webhookId = ids[0] as string;
    tenant.facts.webhookId = webhookId;
    // One write each, as the fan-out makes them, a few at a time: one after another, each waiting
    // its turn at DynamoDB Local's busy write thread, the large tenant's 200 took 43 s.
    let next = 0;
    const write = async (n: number) => {
      const occurredAt = new Date(Date.now() - n * 60_000).toISOString();
      const event: DomainEvent = {
        id: `evt_bench${n}`,
        type: 'customer.updated',
        version: 1,
        tenantId: tenant.tenantId,
        occurredAt,
        actor: null,
        subject: { type: 'customer', id: ulid() },
        data: {},
      };
      await createDelivery(tenant.tenantId, {
        id: deliveryId(event.id, webhookId, occurredAt),
        webhookId,
        eventId: event.id,
        eventType: event.type,
        occurredAt,
        status: 'succeeded',
        attemptCount: 1,
        roundAttempts: 0,
        nextAttemptAt: null,
        attempts: [
          { attempt: 1, at: occurredAt, outcome: 'succeeded', responseCode: 200, latencyMs: 35, error: null },
        ],
        createdAt: occurredAt,
        updatedAt: occurredAt,
        event: event as unknown as Record<string, unknown>,
        firstAttemptAt: occurredAt,
        leaseId: null,
        version: 2,
      });
    };
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < tenant.scale) await write(next++);
      }),
    );
  },
};

export const integrationEndpoints: BenchEndpoint[] = [
  { name: 'webhooks', route: 'GET /v1/webhooks', path: () => `/v1/webhooks?limit=${PAGE}` },
  {
    name: 'webhook delivery log, first page',
    route: 'GET /v1/webhooks/{id}/deliveries',
    path: (t) => `/v1/webhooks/${t.facts.webhookId}/deliveries?limit=${PAGE}`,
  },
  { name: 'API clients', route: 'GET /v1/api-clients', path: () => `/v1/api-clients?limit=${PAGE}` },
];
