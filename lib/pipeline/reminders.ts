import { pipelineLists } from '../db/keys.ts';
import { notify } from '../notifications/service.ts';
import { getSettings } from '../settings/repository.ts';
import {
  contractExpiryReminder,
  type DateReminder,
  localDate,
  paymentDueReminder,
  reminderWindow,
} from './reminder-rules.ts';
import * as repo from './repository.ts';

/**
 * Date reminders of the pipeline (seed 002 销售相关的提醒功能): contracts ending within
 * `reminders.contractExpiryDays` and open payment plans due within `reminders.paymentDueDays`,
 * counted from the tenant's local today. Each is a Query on a sparse index holding exactly the
 * signed contracts / open plans by date, so a run reads only what is due (plus one BatchGet of the
 * due plans' contracts per page, to skip terminated ones). Every reminder carries a
 * dedupe key (per contract end date, per plan due date): the `date-reminders` job may run any number
 * of times a day and across the whole window, and each reminder is delivered once.
 */

export type { DateReminder };

const PAGE = 100;

async function eachPage<T>(
  tenantId: string,
  spec: repo.ListSpec,
  fingerprint: string,
  fn: (items: T[]) => Promise<void>,
): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await repo.listPage<T>(tenantId, spec, { limit: PAGE, cursor }, fingerprint);
    await fn(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Calls `deliver` for each contract-expiry and payment-due reminder of a tenant at `at` (the
 * injected clock in tests and jobs). Returns how many it delivered.
 */
export async function forEachPipelineReminder(
  tenantId: string,
  at: Date,
  deliver: (reminder: DateReminder) => Promise<unknown>,
): Promise<number> {
  const settings = await getSettings(tenantId);
  const today = localDate(at, settings.timezone);
  let count = 0;
  const contracts = reminderWindow(today, settings.reminders.contractExpiryDays);
  await eachPage<repo.ContractRecord>(
    tenantId,
    pipelineLists.contractsEnding(tenantId, contracts.from, contracts.to),
    `reminders|contracts|${contracts.from}|${contracts.to}`,
    async (page) => {
      for (const c of page) {
        if (c.status !== 'signed' || !c.endsOn) continue;
        await deliver(contractExpiryReminder(c));
        count += 1;
      }
    },
  );
  const plans = reminderWindow(today, settings.reminders.paymentDueDays);
  await eachPage<repo.PaymentPlanRecord>(
    tenantId,
    pipelineLists.plansDue(tenantId, plans.from, plans.to),
    `reminders|plans|${plans.from}|${plans.to}`,
    async (page) => {
      // A plan outlives its contract's termination (or purge): no reminder for money never coming.
      const live = await repo.getContractsOf(
        tenantId,
        page.map((p) => ({ customerId: p.customerId, id: p.contractId })),
      );
      for (const p of page) {
        const c = live.get(p.contractId);
        if (p.status !== 'open' || !c || c.status === 'terminated') continue;
        await deliver(paymentDueReminder(p));
        count += 1;
      }
    },
  );
  return count;
}

/** Every reminder due at `at`, collected (for previews and tests). */
export async function pipelineReminders(tenantId: string, at: Date): Promise<DateReminder[]> {
  const out: DateReminder[] = [];
  await forEachPipelineReminder(tenantId, at, async (r) => {
    out.push(r);
  });
  return out;
}

/**
 * Notifies each owner of their contract-expiry and payment-due reminders at `at` (what the
 * `date-reminders` job runs per tenant). The notifications are keyed by the reminders' dedupe keys,
 * so any number of runs notify once; `notified` counts the new ones (an SMS, when the tenant wants
 * them, goes with those only).
 */
export async function sendPipelineReminders(
  tenantId: string,
  at: Date,
  onNotified?: (reminder: DateReminder) => Promise<unknown>,
): Promise<{ due: number; notified: number }> {
  let notified = 0;
  const due = await forEachPipelineReminder(tenantId, at, async (reminder) => {
    const { userId, ...input } = reminder;
    const { created } = await notify(tenantId, userId, input);
    if (!created) return;
    notified += 1;
    await onNotified?.(reminder);
  });
  return { due, notified };
}
