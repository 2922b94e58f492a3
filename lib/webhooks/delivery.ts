import { randomUUID } from 'node:crypto';
import { Webhook as Signer } from 'standardwebhooks';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { stripKeys } from '../db/items.ts';
import { parseDeliveryDue, TTL_ATTRIBUTE, WEBHOOKS_DUE_PK } from '../db/keys.ts';
import { jobPages } from '../db/query.ts';
import type { DomainEvent } from '../events/schemas.ts';
import { logger } from '../log.ts';
import { notify } from '../notifications/service.ts';
import { listAdmins } from '../org/repository.ts';
import { post } from './outbound.ts';
import * as repo from './repository.ts';
import {
  delivered,
  deliveryId,
  MAX_ATTEMPTS,
  minuteOf,
  nextAttemptAt,
  nextMinute,
  shouldDisable,
  subscribed,
} from './rules.ts';

/**
 * From an event to the receivers: the fan-out writes one delivery per subscribed webhook (keyed by
 * the event, so a replayed event writes nothing new), and the delivery job attempts what is due,
 * signs per Standard Webhooks, retries with backoff for more than a day, and switches off a
 * webhook that failed all that time, telling the tenant's administrators.
 */

/** How long a job holds a delivery it attempts (far beyond the request timeout). */
const LEASE_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;
/** Attempts kept in a delivery's log (the count goes on). */
const KEEP_ATTEMPTS = 30;
/** Deliveries attempted side by side by one run. */
const PARALLEL = 10;

/** Writes the deliveries of one event: one per active webhook subscribed to its type. */
export async function fanOut(event: DomainEvent): Promise<number> {
  const hooks = (await repo.allWebhooks(event.tenantId)).filter(
    (w) => w.status === 'active' && subscribed(w.events, event.type),
  );
  const at = now().toISOString();
  let written = 0;
  for (const w of hooks) {
    const fresh = await repo.createDelivery(event.tenantId, {
      id: deliveryId(event.id, w.id, event.occurredAt),
      webhookId: w.id,
      eventId: event.id,
      eventType: event.type,
      occurredAt: event.occurredAt,
      status: 'pending',
      attemptCount: 0,
      roundAttempts: 0,
      nextAttemptAt: at,
      attempts: [],
      createdAt: at,
      updatedAt: at,
      event: event as unknown as Record<string, unknown>,
      firstAttemptAt: null,
      leaseId: null,
      version: 1,
    });
    if (fresh) written += 1;
  }
  return written;
}

/** The Standard Webhooks headers of one attempt: every valid secret signs it. */
export function signedHeaders(
  w: Pick<repo.WebhookRecord, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>,
  id: string,
  at: Date,
  body: string,
): Record<string, string> {
  const secrets = [w.secret];
  if (w.previousSecret && w.previousSecretExpiresAt && w.previousSecretExpiresAt > at.toISOString())
    secrets.push(w.previousSecret);
  const signature = secrets.map((s) => new Signer(s).sign(id, at, body)).join(' ');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

export interface RunReport {
  attempted: number;
  delivered: number;
  failed: number;
  postponed: number;
  disabled: number;
}

/** Attempts every delivery due at `at` (the job's run). Safe to run twice at once: leases decide. */
export async function deliverDue(at: Date = now()): Promise<RunReport> {
  const report: RunReport = { attempted: 0, delivered: 0, failed: 0, postponed: 0, disabled: 0 };
  const hooks = new Map<string, Promise<repo.WebhookRecord | undefined>>();
  const webhookOf = (tenantId: string, id: string) => {
    const key = `${tenantId}#${id}`;
    if (!hooks.has(key)) hooks.set(key, repo.getWebhook(tenantId, id));
    return hooks.get(key) as Promise<repo.WebhookRecord | undefined>;
  };
  for await (const page of jobPages({
    index: 'scheduled',
    pkName: 'scheduledPk',
    pk: WEBHOOKS_DUE_PK,
    skName: 'scheduledSk',
    upTo: `${at.toISOString()}#~`,
  })) {
    for (let i = 0; i < page.length; i += PARALLEL) {
      await Promise.all(page.slice(i, i + PARALLEL).map((item) => attemptOne(item, at, webhookOf, report)));
    }
  }
  return report;
}

async function attemptOne(
  item: Record<string, unknown>,
  at: Date,
  webhookOf: (tenantId: string, id: string) => Promise<repo.WebhookRecord | undefined>,
  report: RunReport,
): Promise<void> {
  const due = parseDeliveryDue(String(item.scheduledSk));
  if (!due) return;
  const { tenantId } = due;
  const d = stripKeys<repo.DeliveryRecord>(item, [TTL_ATTRIBUTE]);
  const w = await webhookOf(tenantId, d.webhookId);
  // A webhook deleted or switched off: its deliveries wait in the log for a redeliver.
  if (w?.status !== 'active') return repo.unschedule(tenantId, d);

  const leaseId = randomUUID();
  const until = new Date(at.getTime() + LEASE_MS).toISOString();
  if (!(await repo.leaseDelivery(tenantId, d, due.dueAt, until, leaseId))) return;
  const leased: repo.DeliveryRecord = { ...d, nextAttemptAt: until, leaseId, version: d.version + 1 };

  const { WEBHOOK_DELIVERIES_PER_MINUTE: cap } = config();
  const expires = Math.floor(nextMinute(at).getTime() / 1000) + 3600;
  if (!(await repo.takeRateSlot(tenantId, minuteOf(at), cap, expires))) {
    await repo.postpone(tenantId, leased, leaseId, nextMinute(at).toISOString());
    report.postponed += 1;
    return;
  }

  const body = JSON.stringify(d.event);
  const sent = await post(w.url, signedHeaders(w, d.eventId, at, body), body, TIMEOUT_MS);
  report.attempted += 1;
  const ok = delivered(sent.status);
  const attemptCount = d.attemptCount + 1;
  const roundAttempts = ok ? d.roundAttempts : d.roundAttempts + 1;
  const next = ok ? null : nextAttemptAt(roundAttempts, at, Math.random());
  const firstAttemptAt = d.firstAttemptAt ?? at.toISOString();
  const recorded = await repo.recordAttempt(
    tenantId,
    { ...leased, roundAttempts },
    leaseId,
    {
      attempt: {
        attempt: attemptCount,
        at: at.toISOString(),
        outcome: ok ? 'succeeded' : 'failed',
        responseCode: sent.status,
        latencyMs: sent.latencyMs,
        error: sent.error,
      },
      status: ok ? 'succeeded' : next ? 'pending' : 'failed',
      nextAttemptAt: next ? next.toISOString() : null,
      attemptCount,
      firstAttemptAt,
    },
    KEEP_ATTEMPTS,
  );
  if (!recorded) return;
  if (ok) {
    report.delivered += 1;
    if (w.failingSince) await repo.setFailingSince(tenantId, w.id, null);
    return;
  }
  report.failed += 1;
  await repo.setFailingSince(tenantId, w.id, at.toISOString());
  if (next || roundAttempts < MAX_ATTEMPTS) return;
  const fresh = await repo.getWebhook(tenantId, w.id);
  if (
    fresh &&
    shouldDisable(fresh.failingSince, firstAttemptAt) &&
    (await repo.disableFailing(tenantId, w.id, at.toISOString()))
  ) {
    report.disabled += 1;
    await tellAdmins(tenantId, fresh, at);
  }
}

async function tellAdmins(tenantId: string, w: repo.WebhookRecord, at: Date): Promise<void> {
  const admins = await listAdmins(tenantId);
  logger.warn('webhook disabled after failing deliveries', {
    tenantId,
    webhookId: w.id,
    admins: admins.length,
  });
  await Promise.all(
    admins.map((admin) =>
      notify(tenantId, admin.id, {
        kind: 'webhookDisabled',
        title: 'Webhook 已停用',
        body: `${w.url} 连续一天以上投递失败, 已自动停用; 修复后在 Webhook 设置中重新启用并重发失败的投递。`,
        link: `/v1/webhooks/${w.id}`,
        dedupeKey: `webhook-disabled#${w.id}#${at.toISOString()}`,
      }),
    ),
  );
}
