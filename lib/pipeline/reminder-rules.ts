import { localDate as zonedDate } from '../local-time.ts';
import type { Contract, PaymentPlan } from './schemas.ts';

/**
 * Pure decisions of the pipeline's date reminders (contracts ending, payments due). Apart from
 * rules.ts so the time-zone library is bundled only where dates are computed (@date-fns/tz
 * declares no sideEffects: esbuild keeps it wherever it is imported, used or not).
 */

/** The tenant-local calendar date of an instant. */
export const localDate = (at: Date, timezone: string) => zonedDate(at, timezone);

/** `today` and the last day `days` ahead, both tenant-local `YYYY-MM-DD` (calendar days: UTC arithmetic). */
export function reminderWindow(today: string, days: number): { from: string; to: string } {
  const to = new Date(`${today}T00:00:00.000Z`);
  to.setUTCDate(to.getUTCDate() + days);
  return { from: today, to: to.toISOString().slice(0, 10) };
}

export interface DateReminder {
  userId: string;
  kind: 'contractExpiry' | 'paymentDue';
  title: string;
  body: string;
  link: string;
  /** One notification per contract end date and per plan due date, however often the job runs. */
  dedupeKey: string;
}

export function contractExpiryReminder(
  c: Pick<Contract, 'id' | 'title' | 'customerName' | 'endsOn' | 'ownerId'>,
): DateReminder {
  return {
    userId: c.ownerId,
    kind: 'contractExpiry',
    title: `合同即将到期：${c.title}`,
    body: `${c.customerName}的合同「${c.title}」将于 ${c.endsOn} 到期。`,
    link: `/v1/contracts/${c.id}`,
    dedupeKey: `contract-expiry:${c.id}:${c.endsOn}`,
  };
}

export function paymentDueReminder(
  p: Pick<PaymentPlan, 'id' | 'contractId' | 'dueOn' | 'amountFen' | 'receivedFen' | 'ownerId'> & {
    contractTitle: string;
    customerName: string;
  },
): DateReminder {
  const { contractTitle, customerName } = p;
  const yuan = ((p.amountFen - p.receivedFen) / 100).toFixed(2);
  return {
    userId: p.ownerId,
    kind: 'paymentDue',
    title: `收款计划即将到期：${contractTitle}`,
    body: `${customerName}的合同「${contractTitle}」有 ¥${yuan} 应于 ${p.dueOn} 收款。`,
    link: `/v1/contracts/${p.contractId}/payment-plans`,
    dedupeKey: `payment-due:${p.id}:${p.dueOn}`,
  };
}
