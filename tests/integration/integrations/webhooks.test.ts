import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { Webhook as Verifier } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publishEvents } from '#functions/events/publish.ts';
import { handler as createWebhook } from '#functions/webhooks/create-webhook.ts';
import { handler as listDeliveries } from '#functions/webhooks/list-deliveries.ts';
import { handler as listWebhooks } from '#functions/webhooks/list-webhooks.ts';
import { handler as redeliver } from '#functions/webhooks/redeliver.ts';
import { handler as rotateSecret } from '#functions/webhooks/rotate-secret.ts';
import { localBus } from '#infra/local/bus.ts';
import { customerKey, webhookKey } from '#lib/db/keys.ts';
import { useLocalBus } from '#lib/events/publisher.ts';
import { eventOf } from '#lib/events/rules.ts';
import { deliverDue, fanOut, signedHeaders } from '#lib/webhooks/delivery.ts';
import * as repo from '#lib/webhooks/repository.ts';
import { MAX_ATTEMPTS } from '#lib/webhooks/rules.ts';
import { open, type SealedSecret } from '#lib/webhooks/secrets.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { notifications } from '../followups/world.ts';
import { customer } from '../pipeline/world.ts';
import { context, storedItem } from '../streams/world.ts';

/**
 * Webhooks against a real HTTP receiver on loopback (the local runtime's switch allows loopback
 * http; everything else must be https to a public address). Name resolution is scripted for the
 * DNS-rebinding case only; every other host here is a literal address.
 */
const dns = vi.hoisted(() => {
  process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';
  return { answers: [] as string[] };
});
vi.mock('node:dns/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:dns/promises')>();
  return {
    ...original,
    lookup: async (host: string, options: object) => {
      const scripted = dns.answers.shift();
      if (scripted) return [{ address: scripted, family: 4 }];
      return original.lookup(host, options as never);
    },
  };
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver answering with the given statuses in turn (the last one from then on). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = statuses.length > 1 ? (statuses.shift() as number) : (statuses[0] as number);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  servers.push(server);
  return { url: `http://127.0.0.1:${port}/hook`, received };
}

const servers: Server[] = [];
beforeAll(() => useLocalBus(localBus()));
afterAll(async () => {
  useLocalBus(undefined);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const subscribe = (as: Caller, body: Record<string, unknown>) =>
  invoke('POST /v1/webhooks', createWebhook, { as, body });

/** What the stream delivers when the customer item was written, through the events consumer. */
async function emitCreated(tenantId: string, customerId: string) {
  const item = await storedItem(customerKey(tenantId, customerId));
  const record: DynamoDBStreamEvent = {
    Records: [
      {
        eventID: crypto.randomUUID(),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never, SequenceNumber: '1' },
      },
    ],
  };
  expect(await publishEvents(record, context('events'))).toEqual({ batchItemFailures: [] });
  return record;
}

async function onlyDelivery(as: Caller, webhookId: string) {
  const res = await invoke('GET /v1/webhooks/{id}/deliveries', listDeliveries, {
    as,
    params: { id: webhookId },
  });
  expect(res.status).toBe(200);
  expect(res.body.items).toHaveLength(1);
  return res.body.items[0];
}

/** Runs the delivery job at each next attempt's time until the delivery is settled. */
async function runUntilSettled(tenantId: string, webhookId: string, deliveryId: string) {
  for (let run = 0; run < 20; run++) {
    const d = await repo.getDelivery(tenantId, webhookId, deliveryId);
    if (!d?.nextAttemptAt || d.status !== 'pending') return d;
    await deliverDue(new Date(d.nextAttemptAt));
  }
  throw new Error('the delivery never settled');
}

async function setUp(statuses: number[], events = ['customer.created']) {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const target = await receiver(statuses);
  const made = await subscribe(t.admin, { url: target.url, events, description: 'ERP' });
  expect(made.status).toBe(201);
  const c = await customer(rep);
  await emitCreated(t.tenantId, c.id);
  return { t, rep, target, webhook: made.body, customerId: c.id };
}

describe('webhook subscriptions', () => {
  it('shows the signing secret once, in the creation answer only', async () => {
    const t = await newTenant();
    const target = await receiver([200]);

    const made = await subscribe(t.admin, { url: target.url, events: ['customer.*'] });
    const listed = await invoke('GET /v1/webhooks', listWebhooks, { as: t.admin });

    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
  });

  it('refuses private, link-local and plain-http URLs at creation, and stores nothing', async () => {
    const t = await newTenant();

    const answers = await Promise.all(
      [
        'https://10.0.0.5/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[::ffff:192.168.1.1]/x',
        'http://example.com/hook',
      ].map((url) => subscribe(t.admin, { url, events: ['*'] })),
    );

    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(answers.every((a) => a.body.errors?.[0]?.code === 'url_not_allowed')).toBe(true);
    expect((await invoke('GET /v1/webhooks', listWebhooks, { as: t.admin })).body.items).toEqual([]);
  });

  it('refuses unknown event types with a field error', async () => {
    const t = await newTenant();

    const res = await subscribe(t.admin, { url: 'https://8.8.8.8/hook', events: ['customer.exploded'] });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.events.0');
  });

  it('is for users with integrations.manage only', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await subscribe(rep, { url: 'https://8.8.8.8/hook', events: ['*'] });

    expect(res.status).toBe(403);
  });
});

describe('webhook deliveries', () => {
  it('signs deliveries so that the standardwebhooks package verifies them', async () => {
    const { t, target, webhook, customerId } = await setUp([200]);

    const d = await onlyDelivery(t.admin, webhook.id);
    await runUntilSettled(t.tenantId, webhook.id, d.id);

    expect(target.received).toHaveLength(1);
    const [got] = target.received as [Received];
    const payload = new Verifier(webhook.secret).verify(
      got.body,
      got.headers as Record<string, string>,
    ) as any;
    expect(payload).toMatchObject({
      type: 'customer.created',
      tenantId: t.tenantId,
      subject: { id: customerId },
    });
    expect(got.headers['webhook-id']).toBe(payload.id);
  });

  it('writes one delivery per event however often the event is fanned out', async () => {
    const { t, webhook, customerId } = await setUp([200]);
    const item = await storedItem(customerKey(t.tenantId, customerId));
    const mapped = eventOf({
      eventID: 'replayed-record',
      eventName: 'INSERT',
      dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never },
    });
    if (!('event' in mapped)) throw new Error('no event');

    const written = await Promise.all([fanOut(mapped.event), fanOut(mapped.event), fanOut(mapped.event)]);

    expect(written.reduce((a, b) => a + b, 0)).toBe(1);
    const res = await invoke('GET /v1/webhooks/{id}/deliveries', listDeliveries, {
      as: t.admin,
      params: { id: webhook.id },
    });
    expect(res.body.items).toHaveLength(2);
  });

  it('sends a due delivery once when runs of the job overlap (the lease decides)', async () => {
    const { t, target, webhook } = await setUp([200]);
    const d = await onlyDelivery(t.admin, webhook.id);
    const at = new Date(d.nextAttemptAt);

    await Promise.all([deliverDue(at), deliverDue(at), deliverDue(at), deliverDue(at)]);

    expect(target.received).toHaveLength(1);
    expect(await onlyDelivery(t.admin, webhook.id)).toMatchObject({ status: 'succeeded', attemptCount: 1 });
  });

  it('retries a receiver that fails 3 times and logs 4 attempts, the event delivered once under one id', async () => {
    const { t, target, webhook } = await setUp([500, 502, 503, 204]);

    const d = await onlyDelivery(t.admin, webhook.id);
    await runUntilSettled(t.tenantId, webhook.id, d.id);
    const logged = await onlyDelivery(t.admin, webhook.id);

    expect(logged).toMatchObject({ status: 'succeeded', attemptCount: 4, nextAttemptAt: null });
    expect(logged.attempts.map((a: any) => [a.attempt, a.outcome, a.responseCode])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 502],
      [3, 'failed', 503],
      [4, 'succeeded', 204],
    ]);
    expect(logged.attempts.every((a: any) => Number.isInteger(a.latencyMs) && a.latencyMs >= 0)).toBe(true);
    expect(new Set(target.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(target.received).toHaveLength(4);
  });

  it('disables a webhook whose receiver fails for more than a day, and tells the administrators', async () => {
    const { t, rep, target, webhook } = await setUp([500]);

    const d = await onlyDelivery(t.admin, webhook.id);
    const settled = await runUntilSettled(t.tenantId, webhook.id, d.id);

    expect(settled).toMatchObject({ status: 'failed', attemptCount: MAX_ATTEMPTS, nextAttemptAt: null });
    const times = settled?.attempts.map((a) => Date.parse(a.at)) ?? [];
    expect((times.at(-1) as number) - (times[0] as number)).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(target.received).toHaveLength(MAX_ATTEMPTS);
    const stored = await repo.getWebhook(t.tenantId, webhook.id);
    expect(stored).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    expect((await notifications(t.admin)).filter((n) => n.kind === 'webhookDisabled')).toHaveLength(1);
    expect((await notifications(rep)).filter((n) => n.kind === 'webhookDisabled')).toHaveLength(0);
  });

  it('redelivers a delivery with the same webhook-id, the attempts counting on', async () => {
    const { t, target, webhook } = await setUp([200]);
    const d = await onlyDelivery(t.admin, webhook.id);
    await runUntilSettled(t.tenantId, webhook.id, d.id);

    const again = await invoke('POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', redeliver, {
      as: t.admin,
      params: { id: webhook.id, deliveryId: d.id },
    });
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('pending');
    await runUntilSettled(t.tenantId, webhook.id, d.id);

    const logged = await onlyDelivery(t.admin, webhook.id);
    expect(logged).toMatchObject({ status: 'succeeded', attemptCount: 2 });
    expect(target.received).toHaveLength(2);
    expect(target.received[0]?.headers['webhook-id']).toBe(target.received[1]?.headers['webhook-id']);
    expect(target.received[0]?.body).toBe(target.received[1]?.body);
  });

  it('refuses at delivery a host that now resolves to a private address (DNS rebinding)', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    dns.answers.push('93.184.216.34');
    const made = await subscribe(t.admin, {
      url: 'https://rebind.example.test/hook',
      events: ['customer.created'],
    });
    expect(made.status).toBe(201);
    const c = await customer(rep);
    await emitCreated(t.tenantId, c.id);
    const d = await onlyDelivery(t.admin, made.body.id);

    dns.answers.push('10.0.0.7');
    await deliverDue(new Date(d.nextAttemptAt));

    const logged = await onlyDelivery(t.admin, made.body.id);
    expect(logged.attempts).toEqual([
      expect.objectContaining({ outcome: 'failed', responseCode: null, error: 'address_not_allowed' }),
    ]);
    expect(logged.status).toBe('pending');
  });

  it('signs with both secrets during the rotation grace period, with the new one only after it', async () => {
    const { t, target, webhook } = await setUp([200]);
    const rotated = await invoke('POST /v1/webhooks/{id}/rotate-secret', rotateSecret, {
      as: t.admin,
      params: { id: webhook.id },
      body: { graceHours: 2 },
    });
    expect(rotated.status).toBe(200);
    const d = await onlyDelivery(t.admin, webhook.id);

    await runUntilSettled(t.tenantId, webhook.id, d.id);

    const [got] = target.received as [Received];
    const headers = got.headers as Record<string, string>;
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(new Verifier(webhook.secret).verify(got.body, headers)).toBeTruthy();
    expect(new Verifier(rotated.body.secret).verify(got.body, headers)).toBeTruthy();
    const stored = (await repo.getWebhook(t.tenantId, webhook.id)) as repo.WebhookRecord;
    const later = new Date(Date.parse(rotated.body.previousSecretExpiresAt) + 1000);
    expect(signedHeaders(stored, 'evt_x', later, '{}')['webhook-signature']?.split(' ')).toHaveLength(1);
  });

  it('keeps both secrets encrypted at rest: the stored item holds neither, and a box opens on its own webhook only', async () => {
    const { t, webhook } = await setUp([200]);
    const rotated = await invoke('POST /v1/webhooks/{id}/rotate-secret', rotateSecret, {
      as: t.admin,
      params: { id: webhook.id },
      body: { graceHours: 2 },
    });

    const item = await storedItem(webhookKey(t.tenantId, webhook.id));

    const raw = JSON.stringify(item);
    for (const secret of [webhook.secret as string, rotated.body.secret as string]) {
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(secret.slice('whsec_'.length));
    }
    expect(item).not.toHaveProperty('secret');
    expect(item).not.toHaveProperty('previousSecret');
    expect(item.sealedSecret).toMatchObject({ v: 1 });
    const read = (await repo.getWebhook(t.tenantId, webhook.id)) as repo.WebhookRecord;
    expect([read.secret, read.previousSecret]).toEqual([rotated.body.secret, webhook.secret]);
    expect(() => open(item.sealedSecret as SealedSecret, `webhook:${t.tenantId}:someone-else`)).toThrow();
  });

  it('resumes after a crash between the fan-out and the end of the record: each webhook gets one delivery', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const [a, b] = await Promise.all([receiver([200]), receiver([200])]);
    const hooks = await Promise.all(
      [a, b].map((r) => subscribe(t.admin, { url: r.url, events: ['customer.*'] })),
    );
    const c = await customer(rep);
    const item = await storedItem(customerKey(t.tenantId, c.id));
    const record: DynamoDBStreamEvent = {
      Records: [
        {
          eventID: crypto.randomUUID(),
          eventName: 'INSERT',
          dynamodb: {
            NewImage: marshall(item, { removeUndefinedValues: true }) as never,
            SequenceNumber: '7',
          },
        },
      ],
    };
    const bus = localBus();
    useLocalBus({
      publish: async (events) => {
        await bus.publish(events);
        throw new Error('crashed after the fan-out');
      },
    });
    const crashed = await publishEvents(record, context('events'));
    useLocalBus(bus);
    const retried = await publishEvents(record, context('events'));

    expect(crashed.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
    expect(retried.batchItemFailures).toEqual([]);
    for (const hook of hooks) {
      const res = await invoke('GET /v1/webhooks/{id}/deliveries', listDeliveries, {
        as: t.admin,
        params: { id: hook.body.id },
      });
      expect(res.body.items).toHaveLength(1);
    }
  });

  it('caps deliveries per tenant and minute with a conditional counter', async () => {
    const t = await newTenant();
    const minute = '2026-12-07T00:00';

    const slots = await Promise.all(
      Array.from({ length: 8 }, () => repo.takeRateSlot(t.tenantId, minute, 3, 0)),
    );

    expect(slots.filter(Boolean)).toHaveLength(3);
  });
});
