import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { now } from '../clock.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, NotFound } from '../http/errors.ts';
import { checkDestination } from './outbound.ts';
import * as repo from './repository.ts';
import type { CreateWebhookInput, Delivery, UpdateWebhookInput, Webhook } from './schemas.ts';

/**
 * Webhook subscriptions of a tenant: created with a secret shown once, edited at a version,
 * rotated with a grace period, and their delivery log with redelivery. Every URL is checked for
 * where it resolves when it is set, and again on every connection (outbound.ts).
 */

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

const DEFAULT_GRACE_HOURS = 24;

export function publicWebhook(w: repo.WebhookRecord): Webhook {
  const { secret: _secret, previousSecret: _previous, ...rest } = w;
  return rest;
}

export function publicDelivery(d: repo.DeliveryRecord): Delivery {
  const { event: _e, firstAttemptAt: _f, roundAttempts: _r, leaseId: _l, version: _v, ...shown } = d;
  return shown;
}

async function refuseBadUrl(url: string): Promise<void> {
  const verdict = await checkDestination(url);
  if (!verdict.ok)
    throw new BadRequest(verdict.reason, [
      { path: 'body.url', code: 'url_not_allowed', message: verdict.reason },
    ]);
}

export async function createWebhook(auth: Auth, input: CreateWebhookInput) {
  await refuseBadUrl(input.url);
  const at = now().toISOString();
  const record: repo.WebhookRecord = {
    id: ulid(),
    url: input.url,
    events: [...new Set(input.events)],
    description: input.description ?? null,
    status: 'active',
    disabledReason: null,
    failingSince: null,
    previousSecretExpiresAt: null,
    createdAt: at,
    createdBy: auth.userId,
    updatedAt: at,
    version: 1,
    secret: newSecret(),
    previousSecret: null,
  };
  await repo.createWebhook(auth.tenantId, record);
  return { ...publicWebhook(record), secret: record.secret };
}

async function load(auth: Auth, id: string): Promise<repo.WebhookRecord> {
  const found = await repo.getWebhook(auth.tenantId, id);
  if (!found) throw new NotFound('webhook');
  return found;
}

export const getWebhook = async (auth: Auth, id: string) => publicWebhook(await load(auth, id));

export async function listWebhooks(auth: Auth, q: { limit: number; cursor?: string | undefined }) {
  const page = await repo.listWebhooks(auth.tenantId, q);
  return { items: page.items.map(publicWebhook), nextCursor: page.nextCursor };
}

export async function updateWebhook(
  auth: Auth,
  id: string,
  expectedVersion: number,
  input: UpdateWebhookInput,
) {
  const current = await load(auth, id);
  if (input.url !== undefined) await refuseBadUrl(input.url);
  const enabled = input.enabled;
  const next: repo.WebhookRecord = {
    ...current,
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(enabled === true ? { status: 'active', disabledReason: null, failingSince: null } : {}),
    ...(enabled === false ? { status: 'disabled', disabledReason: 'manual' } : {}),
    updatedAt: now().toISOString(),
    version: current.version + 1,
  };
  await repo.saveWebhook(auth.tenantId, next, expectedVersion);
  return publicWebhook(next);
}

export async function deleteWebhook(auth: Auth, id: string): Promise<void> {
  await repo.deleteWebhook(auth.tenantId, id);
}

/**
 * A new secret, shown once; the previous one keeps signing beside it until the grace period ends,
 * so receivers can switch without losing a delivery (Standard Webhooks sends both signatures).
 */
export async function rotateSecret(auth: Auth, id: string, graceHours = DEFAULT_GRACE_HOURS) {
  const current = await load(auth, id);
  const at = now();
  const expires = graceHours > 0 ? new Date(at.getTime() + graceHours * 3_600_000).toISOString() : null;
  const next: repo.WebhookRecord = {
    ...current,
    secret: newSecret(),
    previousSecret: expires ? current.secret : null,
    previousSecretExpiresAt: expires,
    updatedAt: at.toISOString(),
    version: current.version + 1,
  };
  await repo.saveWebhook(auth.tenantId, next, current.version);
  return { secret: next.secret, previousSecretExpiresAt: expires };
}

export async function listDeliveries(
  auth: Auth,
  webhookId: string,
  q: { limit: number; cursor?: string | undefined },
) {
  await load(auth, webhookId);
  const page = await repo.listDeliveries(auth.tenantId, webhookId, q);
  return { items: page.items.map(publicDelivery), nextCursor: page.nextCursor };
}

/** Sends a delivery again with the next run of the delivery job: the same event, the same id. */
export async function redeliver(auth: Auth, webhookId: string, deliveryId: string) {
  await load(auth, webhookId);
  const found = await repo.getDelivery(auth.tenantId, webhookId, deliveryId);
  if (!found) throw new NotFound('delivery');
  const again = await repo.reschedule(
    auth.tenantId,
    { ...found, roundAttempts: 0, firstAttemptAt: null },
    now().toISOString(),
  );
  return publicDelivery(again);
}
