import { describe, expect, it, vi } from 'vitest';
import { handler as createWebhook } from '#functions/webhooks/create-webhook.ts';
import { handler as deleteWebhook } from '#functions/webhooks/delete-webhook.ts';
import { handler as listDeliveries } from '#functions/webhooks/list-deliveries.ts';
import { handler as listWebhooks } from '#functions/webhooks/list-webhooks.ts';
import { handler as rotateSecret } from '#functions/webhooks/rotate-secret.ts';
import { handler as updateWebhook } from '#functions/webhooks/update-webhook.ts';
import * as repo from '#lib/webhooks/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

vi.hoisted(() => {
  process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';
});

const URL_OK = 'http://127.0.0.1:9/hook';

async function made(as: Caller) {
  const res = await invoke('POST /v1/webhooks', createWebhook, {
    as,
    body: { url: URL_OK, events: ['lead.*'] },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; secret: string };
}

const patch = (as: Caller, id: string, body: object, ifMatch?: string) =>
  invoke('PATCH /v1/webhooks/{id}', updateWebhook, {
    as,
    params: { id },
    body,
    ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
  });

describe('webhook subscriptions, edited', () => {
  it('changes events and description at the version read, and answers 412 to a stale one', async () => {
    const t = await newTenant();
    const hook = await made(t.admin);

    const first = await patch(t.admin, hook.id, { events: ['contract.signed'], description: 'ERP' }, '"1"');
    const stale = await patch(t.admin, hook.id, { description: 'BI' }, '"1"');
    const missing = await patch(t.admin, hook.id, { description: 'BI' });

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ events: ['contract.signed'], description: 'ERP', version: 2 });
    expect(first.headers.etag).toBe('"2"');
    expect(stale.status).toBe(412);
    expect(missing.status).toBe(428);
  });

  it('refuses a private URL on edit and keeps the old one', async () => {
    const t = await newTenant();
    const hook = await made(t.admin);

    const res = await patch(t.admin, hook.id, { url: 'https://192.168.0.10/hook' }, '"1"');

    expect(res.status).toBe(400);
    expect((await repo.getWebhook(t.tenantId, hook.id))?.url).toBe(URL_OK);
  });

  it('switches a webhook off and on again, clearing why it was off', async () => {
    const t = await newTenant();
    const hook = await made(t.admin);

    const off = await patch(t.admin, hook.id, { enabled: false }, '"1"');
    const on = await patch(t.admin, hook.id, { enabled: true }, '"2"');

    expect(off.body).toMatchObject({ status: 'disabled', disabledReason: 'manual' });
    expect(on.body).toMatchObject({ status: 'active', disabledReason: null, failingSince: null });
  });

  it("answers 404 for another tenant's webhook, on every route", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const hook = await made(t.admin);
    const params = { id: hook.id };

    const answers = await Promise.all([
      patch(other.admin, hook.id, { description: 'x' }, '"1"'),
      invoke('DELETE /v1/webhooks/{id}', deleteWebhook, { as: other.admin, params }),
      invoke('POST /v1/webhooks/{id}/rotate-secret', rotateSecret, { as: other.admin, params, body: {} }),
      invoke('GET /v1/webhooks/{id}/deliveries', listDeliveries, { as: other.admin, params }),
    ]);

    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect((await invoke('GET /v1/webhooks', listWebhooks, { as: other.admin })).body.items).toEqual([]);
    expect((await repo.getWebhook(t.tenantId, hook.id))?.version).toBe(1);
  });

  it('deletes a webhook once', async () => {
    const t = await newTenant();
    const hook = await made(t.admin);

    const first = await invoke('DELETE /v1/webhooks/{id}', deleteWebhook, {
      as: t.admin,
      params: { id: hook.id },
    });
    const again = await invoke('DELETE /v1/webhooks/{id}', deleteWebhook, {
      as: t.admin,
      params: { id: hook.id },
    });

    expect([first.status, again.status]).toEqual([204, 404]);
  });

  it('rejects unknown fields and an empty change with 400, changing nothing', async () => {
    const t = await newTenant();
    const hook = await made(t.admin);

    const unknown = await patch(t.admin, hook.id, { secret: 'mine' }, '"1"');
    const empty = await patch(t.admin, hook.id, {}, '"1"');

    expect([unknown.status, empty.status]).toEqual([400, 400]);
    expect((await repo.getWebhook(t.tenantId, hook.id))?.version).toBe(1);
  });

  it('rotates with no grace period: the old secret stops at once', async () => {
    const t = await newTenant();
    const hook = await made(t.admin);

    const res = await invoke('POST /v1/webhooks/{id}/rotate-secret', rotateSecret, {
      as: t.admin,
      params: { id: hook.id },
      body: { graceHours: 0 },
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: null });
    expect(res.body.secret).not.toBe(hook.secret);
    expect((await repo.getWebhook(t.tenantId, hook.id))?.previousSecret).toBeNull();
  });
});
