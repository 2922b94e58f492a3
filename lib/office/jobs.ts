import { now } from '../clock.ts';
import { metered } from '../db/metering.ts';
import { tenantIds } from '../followups/repository.ts';
import { localDateTime } from '../local-time.ts';
import { logger } from '../log.ts';
import { notify } from '../notifications/service.ts';
import { getUser } from '../org/repository.ts';
import { getSettings, type StoredSettings } from '../settings/repository.ts';
import { smsSender } from '../sms/sender.ts';
import * as events from './events/repository.ts';
import { eventReminder, nextReminder, remindersAt } from './events/rules.ts';
import * as tasks from './tasks/repository.ts';
import { TASK_REMINDER_LEAD_MINUTES, taskDueNotice } from './tasks/rules.ts';
import { remindMissing } from './worklogs/service.ts';

/**
 * `office-reminders` (lib/jobs.ts, every 5 minutes). Each reminder is a notification with a dedupe
 * key of its occasion (the task's due time), so a re-run, or a run after a crash between the
 * notification and taking the item off the schedule, notifies once. A task's reminder also goes by
 * SMS when the tenant enables it (`reminders.taskSms`), sent with the notification it created, like
 * the follow-up reminders: never twice (a crash between the two loses that one SMS instead).
 */

export interface OfficeJobOptions {
  /** Only these tenants (tests share one table); every tenant when absent. */
  tenantIds?: string[];
  /** Start nothing new after this epoch-millisecond instant (the Lambda's remaining time). */
  deadline?: number;
}

export interface OfficeJobRun {
  at: string;
  due: number;
  notified: number;
  /** Task due reminders also sent by SMS (the tenant's `reminders.taskSms`). */
  smsSent: number;
  complete: boolean;
  itemsRead: number;
}

const LOOKBACK_MS = 24 * 3_600_000;

/** The UTC days a window touches, oldest first. */
export function utcDaysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = Date.parse(`${from.slice(0, 10)}T00:00:00.000Z`); d <= Date.parse(to); d += 86_400_000)
    days.push(new Date(d).toISOString().slice(0, 10));
  return days;
}

/** A text to a user's own phone through the SMS port; false when they have none or it was not sent. */
async function textUser(tenantId: string, userId: string, text: string): Promise<boolean> {
  const user = await getUser(tenantId, userId);
  if (!user?.phone || user.disabled) return false;
  const result = await smsSender().send({ tenantId, phone: user.phone, text });
  if (result.status !== 'sent')
    logger.warn('task reminder SMS not sent', { tenantId, userId, status: result.status });
  return result.status === 'sent';
}

export async function runOfficeReminders(opts: OfficeJobOptions = {}): Promise<OfficeJobRun> {
  const at = now();
  const from = new Date(at.getTime() - LOOKBACK_MS).toISOString();
  const to = new Date(at.getTime() + TASK_REMINDER_LEAD_MINUTES * 60_000).toISOString();
  const settings = new Map<string, Promise<StoredSettings>>();
  const settingsOf = (tenantId: string) => {
    if (!settings.has(tenantId)) settings.set(tenantId, getSettings(tenantId));
    return settings.get(tenantId) as Promise<StoredSettings>;
  };
  let due = 0;
  let notified = 0;
  let smsSent = 0;
  const { result: complete, meter } = await metered(async () => {
    for (const day of utcDaysOf(from, to))
      for await (const t of tasks.tasksDue(day, from, to)) {
        if (opts.deadline !== undefined && Date.now() >= opts.deadline) return false;
        if (opts.tenantIds && !opts.tenantIds.includes(t.tenantId)) continue;
        due += 1;
        const settings = await settingsOf(t.tenantId);
        const { sms, ...notice } = taskDueNotice(t, localDateTime(t.dueAt as string, settings.timezone));
        if ((await notify(t.tenantId, t.assigneeId, notice)).created) {
          notified += 1;
          // Only with the notification this run created: a re-run sends no second SMS.
          if (settings.reminders.taskSms && (await textUser(t.tenantId, t.assigneeId, sms))) smsSent += 1;
        }
        await tasks.markReminded(t.tenantId, t);
      }
    const eventsTo = at.toISOString();
    for (const day of utcDaysOf(from, eventsTo))
      for await (const e of events.eventsDue(day, from, eventsTo)) {
        if (opts.deadline !== undefined && Date.now() >= opts.deadline) return false;
        if (opts.tenantIds && !opts.tenantIds.includes(e.tenantId)) continue;
        const instant = e.nextReminderAt as string;
        const zone = e.timezone;
        for (const { occurrence, minutes } of remindersAt(e, instant)) {
          due += 1;
          const notice = eventReminder(e, occurrence, minutes, localDateTime(occurrence.startsAt, zone));
          // Everyone on it who has not declined that occurrence.
          for (const [userId, person] of Object.entries(e.people)) {
            const answer = e.occurrenceResponses[`${userId}@${occurrence.occurrence}`] ?? person.response;
            if (answer === 'declined') continue;
            if ((await notify(e.tenantId, userId, notice)).created) notified += 1;
          }
        }
        await events.advanceReminder(e.tenantId, e, nextReminder(e, instant, true));
      }
    return true;
  });
  return { at: at.toISOString(), due, notified, smsSent, complete, itemsRead: meter.itemsRead };
}

/**
 * `worklog-reminders` (every 30 minutes): per tenant, those its rules expect a log of and who have
 * none past the due time are told once per period (the dedupe key is the period).
 */
export async function runWorklogReminders(opts: OfficeJobOptions = {}): Promise<{ notified: number }> {
  const at = now();
  let notified = 0;
  const tenants = opts.tenantIds ?? [];
  if (!opts.tenantIds) for await (const id of tenantIds()) tenants.push(id);
  for (const tenantId of tenants) notified += await remindMissing(tenantId, at);
  return { notified };
}
