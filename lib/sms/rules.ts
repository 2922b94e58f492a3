import { smsNumberOf } from './phone.ts';

/** Pure decisions of SMS broadcasts: who gets a message, and when the next one may go. */

export interface PlannedRecipient {
  /** E.164, or null when none of the contact's numbers can take an SMS. */
  phone: string | null;
  contactIds: string[];
  contactNames: string[];
}

/**
 * One recipient per distinct number (contacts sharing a number get one message between them, in the
 * order first named), and one per contact without a reachable number, which is never sent to.
 */
export function planRecipients(
  contacts: Array<{ id: string; name: string; mobile: string | null; phone: string | null }>,
): PlannedRecipient[] {
  const byPhone = new Map<string, PlannedRecipient>();
  const unreachable: PlannedRecipient[] = [];
  for (const c of contacts) {
    const phone = smsNumberOf(c);
    if (!phone) {
      unreachable.push({ phone: null, contactIds: [c.id], contactNames: [c.name] });
      continue;
    }
    const planned = byPhone.get(phone);
    if (planned) {
      planned.contactIds.push(c.id);
      planned.contactNames.push(c.name);
    } else byPhone.set(phone, { phone, contactIds: [c.id], contactNames: [c.name] });
  }
  return [...byPhone.values(), ...unreachable];
}

/**
 * Pacing at `perSecond` messages: how long to wait before the next send, given when it was allowed
 * (`nextAt`) and the monotonic time now, and when the one after it is allowed. Never bursts to
 * catch up after a slow send.
 */
export function pace(nextAt: number, nowMs: number, perSecond: number): { waitMs: number; nextAt: number } {
  const interval = 1000 / perSecond;
  const sendAt = Math.max(nextAt, nowMs);
  return { waitMs: sendAt - nowMs, nextAt: sendAt + interval };
}

/** A lease runs out unless renewed: renew once less than half of it is left. */
export const shouldRenew = (leaseUntilMs: number, nowMs: number, leaseMs: number) =>
  leaseUntilMs - nowMs < leaseMs / 2;
