import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { loadVisibleContacts } from '../contacts/service.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, NotFound } from '../http/errors.ts';
import { toE164 } from './phone.ts';
import * as repo from './repository.ts';
import { planRecipients } from './rules.ts';
import type { Broadcast, CreateBroadcastInput, OptOut, Recipient } from './schemas.ts';

/**
 * SMS broadcasts (群发短信) to contacts, and the tenant's opt-out list. A broadcast is accepted at
 * once and sent by lib/sms/worker.ts, one recipient at a time at the configured rate.
 */

/**
 * Stores a broadcast to the contacts the caller may see (any other id: 404) and returns its id;
 * the worker does the sending. Contacts sharing a number get one message; the numbers are taken
 * as they are now.
 */
export async function createBroadcast(auth: Auth, input: CreateBroadcastInput): Promise<{ id: string }> {
  const contacts = await loadVisibleContacts(auth, input.contactIds, 'body.contactIds');
  const plan = planRecipients(contacts);
  const id = ulid();
  await repo.putBroadcast(auth.tenantId, {
    id,
    tenantId: auth.tenantId,
    text: input.text,
    status: 'queued',
    createdAt: now().toISOString(),
    createdBy: auth.userId,
    startedAt: null,
    completedAt: null,
    plan,
    recipientsReady: false,
    total: plan.length,
    sentCount: 0,
    failedCount: 0,
    optedOutCount: 0,
    invalidNumberCount: 0,
    refusedCount: 0,
  });
  return { id };
}

const presentRecipient = (r: repo.RecipientRecord): Recipient => ({
  phone: r.phone,
  contactIds: r.contactIds,
  contactNames: r.contactNames,
  status: r.status,
  messageId: r.messageId ?? null,
  error: r.error ?? null,
  sentAt: r.sentAt ?? null,
});

/** A broadcast with its counts and a page of recipients: for its sender and administrators. */
export async function getBroadcast(
  auth: Auth,
  id: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Broadcast> {
  const b = await repo.getBroadcast(auth.tenantId, id);
  if (!b || (b.createdBy !== auth.userId && !auth.isAdmin)) throw new NotFound('broadcast');
  const recipients = await repo.recipientsPage(auth.tenantId, id, page);
  // Known from the plan before the worker has written the recipients.
  const invalidNumber = b.recipientsReady ? b.invalidNumberCount : b.plan.filter((r) => !r.phone).length;
  const refused = b.refusedCount ?? 0;
  const settled = b.sentCount + b.failedCount + b.optedOutCount + invalidNumber + refused;
  return {
    id: b.id,
    text: b.text,
    status: b.status,
    createdAt: b.createdAt,
    createdBy: b.createdBy,
    startedAt: b.startedAt,
    completedAt: b.completedAt,
    counts: {
      total: b.total,
      pending: b.total - settled,
      sent: b.sentCount,
      failed: b.failedCount,
      optedOut: b.optedOutCount,
      invalidNumber,
      refused,
    },
    recipients: { items: recipients.items.map(presentRecipient), nextCursor: recipients.nextCursor },
  };
}

// ---- opt-outs (退订) ---------------------------------------------------------------------------

function optOutPhone(raw: string): string {
  const phone = toE164(raw);
  if (!phone)
    throw new BadRequest('The phone number is not valid.', [
      { path: 'body.phone', code: 'invalid_phone', message: 'Not a valid phone number' },
    ]);
  return phone;
}

/** A number that gets no more SMS from the tenant; adding it twice keeps the first. */
export async function addOptOut(auth: Auth, raw: string): Promise<{ optOut: OptOut; created: boolean }> {
  const phone = optOutPhone(raw);
  return repo.putOptOut(auth.tenantId, { phone, createdAt: now().toISOString(), createdBy: auth.userId });
}

export async function removeOptOut(auth: Auth, raw: string): Promise<void> {
  if (!(await repo.deleteOptOut(auth.tenantId, optOutPhone(raw)))) throw new NotFound('opt-out');
}

export const listOptOuts = (auth: Auth, page: { limit: number; cursor?: string | undefined }) =>
  repo.listOptOuts(auth.tenantId, page);
