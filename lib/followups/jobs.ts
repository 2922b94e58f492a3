import { now } from '../clock.ts';
import { currentMeter, metered } from '../db/metering.ts';
import { logger } from '../log.ts';
import { count } from '../metrics.ts';
import type { NotifyInput } from '../notifications/schemas.ts';
import { notify } from '../notifications/service.ts';
import { getUser } from '../org/repository.ts';
import type { User } from '../org/schemas.ts';
import { sendPipelineReminders } from '../pipeline/service.ts';
import { getSettings } from '../settings/repository.ts';
import type { Settings } from '../settings/schemas.ts';
import { smsSender } from '../sms/sender.ts';
import * as repo from './repository.ts';
import {
  birthdayRanges,
  birthdayReminder,
  localDate,
  nextBirthday,
  planReminder,
  reminderWindow,
  utcDays,
} from './rules.ts';

/**
 * The two reminder jobs (seed 000 §三.1 提醒, seed 002 销售相关的提醒功能). Both read only what is
 * due, notify through `notify` (one notification per dedupe key, however often they run) and send
 * an SMS with a notification they created, when the tenant enables SMS reminders: a re-run sends
 * neither twice. Both stop early on `maxItems` (a crash, for tests) and carry on where they stopped.
 */

export interface JobOptions {
  /** Stop after this many deliveries: an interrupted run, for tests. */
  maxItems?: number;
  /** Only these tenants (tests share one table); every tenant when absent. */
  tenantIds?: string[];
  /** Start nothing new after this epoch-millisecond instant (the Lambda's remaining time). */
  deadline?: number;
}

export interface JobRun {
  at: string;
  /** Due items found and handled in this run. */
  due: number;
  /** Notifications this run created (0 for items notified before). */
  notified: number;
  smsSent: number;
  /** False when the run stopped early: the next run carries on. */
  complete: boolean;
  /** Items DynamoDB read for the due items alone, and all items the run read. */
  dueItemsRead: number;
  itemsRead: number;
  /** Per tenant: the due items handled and the items read to find them. */
  tenants: Record<string, { due: number; dueItemsRead: number }>;
}

function cached<T>(map: Map<string, T>, key: string, load: () => T): T {
  const found = map.get(key);
  if (found !== undefined) return found;
  const value = load();
  map.set(key, value);
  return value;
}

class Run {
  due = 0;
  notified = 0;
  smsSent = 0;
  dueItemsRead = 0;
  readonly tenants: JobRun['tenants'] = {};
  private readonly settings = new Map<string, Promise<Settings>>();
  private readonly users = new Map<string, Promise<User | undefined>>();

  constructor(
    readonly at: Date,
    private readonly opts: JobOptions,
  ) {}

  get exhausted() {
    return (
      (this.opts.maxItems !== undefined && this.due >= this.opts.maxItems) ||
      (this.opts.deadline !== undefined && Date.now() >= this.opts.deadline)
    );
  }

  includes(tenantId: string) {
    return !this.opts.tenantIds || this.opts.tenantIds.includes(tenantId);
  }

  /** Each tenant's settings and each user are read once per run, however many items they have. */
  settingsOf(tenantId: string) {
    return cached(this.settings, tenantId, () => getSettings(tenantId));
  }

  private userOf(tenantId: string, userId: string) {
    return cached(this.users, `${tenantId}/${userId}`, () => getUser(tenantId, userId));
  }

  tenant(tenantId: string) {
    this.tenants[tenantId] ??= { due: 0, dueItemsRead: 0 };
    return this.tenants[tenantId];
  }

  /** Reads done by `fn` count as reads of due items (what the bench's amplification is about). */
  async reading<T>(fn: () => Promise<T>, tenantId?: string): Promise<T> {
    const meter = currentMeter();
    const before = meter?.itemsRead ?? 0;
    try {
      return await fn();
    } finally {
      const read = (meter?.itemsRead ?? before) - before;
      this.dueItemsRead += read;
      if (tenantId) this.tenant(tenantId).dueItemsRead += read;
    }
  }

  /** An SMS to a user's own phone with a notification just created, when the tenant wants them. */
  async sms(tenantId: string, userId: string, text: string): Promise<void> {
    const settings = await this.settingsOf(tenantId);
    if (!settings.reminders.smsEnabled) return;
    const user = await this.userOf(tenantId, userId);
    if (!user?.phone || user.disabled) return;
    const result = await smsSender().send({ tenantId, phone: user.phone, text });
    count(result.status === 'sent' ? 'smsSent' : 'smsRefused');
    if (result.status === 'sent') this.smsSent += 1;
    else logger.warn('reminder SMS not sent', { tenantId, userId, status: result.status });
  }

  /** One due item to one user: a notification once per dedupe key, and its SMS. */
  async deliver(tenantId: string, userId: string, reminder: NotifyInput & { sms: string }): Promise<void> {
    this.due += 1;
    this.tenant(tenantId).due += 1;
    const { sms, ...input } = reminder;
    const { created } = await notify(tenantId, userId, input);
    if (!created) return;
    this.notified += 1;
    await this.sms(tenantId, userId, sms);
  }

  result(complete: boolean, itemsRead: number): JobRun {
    return {
      at: this.at.toISOString(),
      due: this.due,
      notified: this.notified,
      smsSent: this.smsSent,
      complete,
      dueItemsRead: this.dueItemsRead,
      itemsRead,
      tenants: this.tenants,
    };
  }
}

/**
 * `reminders` (every 5 minutes): open plans of owned customers falling due within the next hour
 * (or missed within the last day) tell their owner. The schedule is its own checkpoint: a plan
 * leaves it once reminded at its due time, so a run after a crash reads exactly what is left, and
 * moving a plan puts it back at its new time.
 */
export async function runReminders(opts: JobOptions = {}): Promise<JobRun> {
  const run = new Run(now(), opts);
  const window = reminderWindow(run.at);
  const { result: complete, meter } = await metered(async () => {
    for (const day of utcDays(window)) {
      const plans = repo.plansDue(day, window.from, window.to);
      while (true) {
        if (run.exhausted) return false;
        const next = await run.reading(() => plans.next());
        if (next.done) break;
        const plan = next.value;
        if (!run.includes(plan.tenantId) || !plan.ownerId) continue;
        // A schedule page mixes tenants: each tenant is charged the items of its own.
        run.tenant(plan.tenantId).dueItemsRead += 1;
        const settings = await run.settingsOf(plan.tenantId);
        await run.deliver(plan.tenantId, plan.ownerId, planReminder(plan, settings.timezone));
        await repo.markReminded(plan.tenantId, plan);
      }
    }
    return true;
  });
  return run.result(complete, meter.itemsRead);
}

const JOB = 'date-reminders';

/**
 * `date-reminders` (daily, 00:30 China time): per tenant, birthdays of owned customers and their
 * contacts within `reminders.birthdayDays` of the tenant-local today (an index on MM-DD), then the
 * pipeline's contract-expiry and payment-due reminders. Each reminder is keyed by its occasion
 * (the birthday of that year, the contract's end date), so re-runs notify once. A checkpoint per
 * run day names the last tenant finished, so an interrupted pass resumes after it.
 */
export async function runDateReminders(opts: JobOptions = {}): Promise<JobRun> {
  const run = new Run(now(), opts);
  const scope = `${run.at.toISOString().slice(0, 10)}${opts.tenantIds ? `#${[...opts.tenantIds].sort().join(',')}` : ''}`;
  const { result: complete, meter } = await metered(async () => {
    const checkpoint = await repo.getCheckpoint(JOB, scope);
    const after = checkpoint && !checkpoint.done ? checkpoint.tenantAfter : undefined;
    for await (const tenantId of tenantsOf(opts, after)) {
      if (run.exhausted || !(await dateRemindersOf(run, tenantId))) return false;
      await repo.putCheckpoint(JOB, scope, { tenantAfter: tenantId, updatedAt: run.at.toISOString() });
    }
    await repo.putCheckpoint(JOB, scope, { done: true, updatedAt: run.at.toISOString() });
    return true;
  });
  return run.result(complete, meter.itemsRead);
}

async function* tenantsOf(opts: JobOptions, after: string | undefined): AsyncGenerator<string> {
  if (opts.tenantIds) {
    yield* [...opts.tenantIds].sort().filter((id) => after === undefined || id > after);
    return;
  }
  yield* repo.tenantIds(after);
}

/** One tenant's date reminders; false when the run ran out of budget in the middle. */
async function dateRemindersOf(run: Run, tenantId: string): Promise<boolean> {
  const settings = await run.settingsOf(tenantId);
  const today = localDate(run.at, settings.timezone);
  for (const range of birthdayRanges(today, settings.reminders.birthdayDays)) {
    const pages = repo.birthdays(tenantId, range.from, range.to);
    while (true) {
      const next = await run.reading(() => pages.next(), tenantId);
      if (next.done) break;
      for (const item of next.value) {
        if (run.exhausted) return false;
        const due = birthdayOf(item);
        if (!due) continue;
        await run.deliver(
          tenantId,
          due.ownerId,
          birthdayReminder(due.who, nextBirthday(due.birthday, today)),
        );
      }
    }
  }
  if (run.exhausted) return false;
  const pipeline = await run.reading(
    () =>
      sendPipelineReminders(tenantId, run.at, async (r) => {
        run.notified += 1;
        await run.sms(
          tenantId,
          r.userId,
          `【${r.kind === 'contractExpiry' ? '合同到期' : '收款提醒'}】${r.body}`,
        );
      }),
    tenantId,
  );
  run.due += pipeline.due;
  run.tenant(tenantId).due += pipeline.due;
  return true;
}

/** Who to tell about a birthday item (a customer, or a contact carrying its customer's scope). */
function birthdayOf(item: Record<string, unknown>) {
  const s = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : null);
  const birthday = s('birthday');
  if (!birthday) return undefined;
  if (item.type === 'customer') {
    const ownerId = s('ownerId');
    if (item.state !== 'active' || !ownerId) return undefined;
    const name = s('name') ?? '';
    return {
      ownerId,
      birthday,
      who: {
        kind: 'customer' as const,
        id: s('id') ?? '',
        name,
        customerId: s('id') ?? '',
        customerName: name,
      },
    };
  }
  if (item.type === 'contact') {
    const ownerId = s('ownerId');
    if (item.customerState !== 'active' || !ownerId) return undefined;
    return {
      ownerId,
      birthday,
      who: {
        kind: 'contact' as const,
        id: s('id') ?? '',
        name: s('name') ?? '',
        customerId: s('customerId') ?? '',
        customerName: s('customerName') ?? '',
      },
    };
  }
  return undefined;
}
