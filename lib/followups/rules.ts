import { TZDate, tz } from '@date-fns/tz';
import { addDays, endOfDay, endOfWeek, isLeapYear, startOfDay, startOfWeek, subDays } from 'date-fns';
import { MAX_OPEN_PLANS, type OpenPlan, withOpenPlans } from '../customers/rules.ts';
import { BadRequest, Conflict, type FieldError, Unprocessable } from '../http/errors.ts';
import { localDateTime, localDate as zonedDate } from '../local-time.ts';
import type { NotifyInput } from '../notifications/schemas.ts';
import type { Plan, UpdatePlanInput } from './schemas.ts';

export { type OpenPlan, withOpenPlans };

/**
 * Pure decisions of the follow-up context: the tenant-local day and week a list covers, the
 * dormant window, what a follow-up does to its customer, plan transitions, reminder texts. No I/O;
 * "now" is always passed in.
 */

// ---- time in the tenant's zone ------------------------------------------------------------------

/** An inclusive range of instants, as ISO-8601 UTC strings (the form sort keys hold). */
export interface Range {
  from: string;
  to: string;
}

// A TZDate prints its own zone in toISOString: sort keys need the UTC form.
const utc = (d: Date) => new Date(d.getTime()).toISOString();
const range = (from: Date, to: Date): Range => ({ from: utc(from), to: utc(to) });

/** The tenant-local calendar date of an instant, `YYYY-MM-DD`. */
export const localDate = (at: Date, timezone: string) => zonedDate(at, timezone);

/** Midnight starting a tenant-local date. */
function midnight(date: string, timezone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, timezone);
}

/** The tenant-local day holding `at`: from its first to its last millisecond. */
export function dayOf(at: Date, timezone: string): Range {
  const inZone = { in: tz(timezone) };
  return range(startOfDay(at, inZone), endOfDay(at, inZone));
}

/** A tenant-local calendar date as a range of instants. */
export const dayRange = (date: string, timezone: string): Range => dayOf(midnight(date, timezone), timezone);

/** The tenant-local week holding `at`, Monday 00:00 to Sunday 23:59:59.999 (the Chinese week). */
export function weekOf(at: Date, timezone: string): Range {
  const opts = { in: tz(timezone), weekStartsOn: 1 as const };
  return range(startOfWeek(at, opts), endOfWeek(at, opts));
}

export const DORMANT_DEFAULTS = { minDays: 7, maxDays: 60 };

/**
 * 近期未跟进: the last follow-up fell on a tenant-local day between `maxDays` and `minDays` days
 * before today, both ends included (a follow-up exactly 7 or exactly 60 days ago counts).
 */
export function dormantWindow(at: Date, timezone: string, minDays: number, maxDays: number): Range {
  const inZone = { in: tz(timezone) };
  return range(
    startOfDay(subDays(at, maxDays, inZone), inZone),
    endOfDay(subDays(at, minDays, inZone), inZone),
  );
}

// ---- birthdays ----------------------------------------------------------------------------------

/**
 * The `MM-DD` ranges of birthdays falling within `days` days from tenant-local `today` (inclusive):
 * two ranges across New Year. Outside leap years a 29 February birthday is celebrated on the 28th.
 */
export function birthdayRanges(today: string, days: number): Array<{ from: string; to: string }> {
  const start = midnight(today, 'UTC');
  const end = addDays(start, days);
  const mmdd = (d: Date) => new Date(d.getTime()).toISOString().slice(5, 10);
  const lastDay = (d: Date) => {
    const value = mmdd(d);
    return value === '02-28' && !isLeapYear(d) ? '02-29' : value;
  };
  if (days >= 365) return [{ from: '01-01', to: '12-31' }];
  if (start.getUTCFullYear() === end.getUTCFullYear()) return [{ from: mmdd(start), to: lastDay(end) }];
  return [
    { from: mmdd(start), to: '12-31' },
    { from: '01-01', to: lastDay(end) },
  ];
}

/** The next date (on or after `today`) a birthday `YYYY-MM-DD` is celebrated: it keys the yearly reminder. */
export function nextBirthday(birthday: string, today: string): string {
  const [, month, day] = birthday.split('-') as [string, string, string];
  const year = Number(today.slice(0, 4));
  const on = (y: number) => {
    const leapDay = month === '02' && day === '29' && !isLeapYear(new Date(Date.UTC(y, 0, 1)));
    return `${y}-${month}-${leapDay ? '28' : day}`;
  };
  return on(year) >= today ? on(year) : on(year + 1);
}

// ---- follow-ups ---------------------------------------------------------------------------------

/** The fields of a customer that follow-ups maintain. */
export interface FollowUpState {
  lastFollowUpAt: string | null;
  maturityId: string | null;
  openPlans: OpenPlan[];
  nextFollowUpAt: string | null;
  nextFollowUpNote: string | null;
}

const canonical = (instant: string) => new Date(instant).toISOString();

function notInFuture(path: string, instant: string, at: Date, errors: FieldError[]): void {
  if (Date.parse(instant) > at.getTime())
    errors.push({ path, code: 'in_future', message: 'Cannot be later than now' });
}

function inFuture(path: string, instant: string, at: Date, errors: FieldError[]): void {
  if (Date.parse(instant) <= at.getTime())
    errors.push({ path, code: 'not_in_future', message: 'Must be later than now' });
}

export interface FollowUpCommand {
  occurredAt?: string | undefined;
  maturityId?: string | undefined;
  nextFollowUpAt?: string | undefined;
  nextFollowUpNote?: string | undefined;
  planId?: string | undefined;
}

/** Checks a follow-up's times against now (400 with field paths) and puts them in canonical UTC form. */
export function checkFollowUpTimes(
  cmd: FollowUpCommand,
  at: Date,
): { occurredAt: string; nextFollowUpAt: string | null } {
  const errors: FieldError[] = [];
  if (cmd.occurredAt) notInFuture('body.occurredAt', cmd.occurredAt, at, errors);
  if (cmd.nextFollowUpAt) inFuture('body.nextFollowUpAt', cmd.nextFollowUpAt, at, errors);
  if (errors.length > 0) throw new BadRequest('Some times are invalid.', errors);
  return {
    occurredAt: cmd.occurredAt ? canonical(cmd.occurredAt) : at.toISOString(),
    nextFollowUpAt: cmd.nextFollowUpAt ? canonical(cmd.nextFollowUpAt) : null,
  };
}

function refuseTooManyPlans(plans: OpenPlan[]): void {
  if (plans.length > MAX_OPEN_PLANS)
    throw new Unprocessable(
      'too_many_open_plans',
      `A customer can have at most ${MAX_OPEN_PLANS} open plans; complete or cancel one first.`,
    );
}

/**
 * What a follow-up does to its customer (seed 000 §三.2): the last follow-up time moves to the
 * latest record (a record of an earlier visit never moves it back), the maturity changes when
 * given, the plan it carries out closes, and the next follow-up becomes an open plan.
 */
export function applyFollowUp(
  c: FollowUpState,
  f: {
    occurredAt: string;
    maturityId?: string | undefined;
    completedPlanId?: string | undefined;
    newPlan?: OpenPlan | undefined;
  },
): FollowUpState {
  if (f.completedPlanId && !c.openPlans.some((p) => p.id === f.completedPlanId))
    throw new Unprocessable('plan_not_open', 'The plan is not an open plan of this customer.');
  const plans = c.openPlans.filter((p) => p.id !== f.completedPlanId);
  if (f.newPlan) plans.push(f.newPlan);
  refuseTooManyPlans(plans);
  return {
    lastFollowUpAt: c.lastFollowUpAt && c.lastFollowUpAt > f.occurredAt ? c.lastFollowUpAt : f.occurredAt,
    maturityId: f.maturityId ?? c.maturityId,
    ...withOpenPlans(plans),
  };
}

// ---- plans --------------------------------------------------------------------------------------

/** Checks a plan's due time (it must lie ahead) and puts it in canonical UTC form. */
export function checkDueAt(dueAt: string, at: Date): string {
  const errors: FieldError[] = [];
  inFuture('body.dueAt', dueAt, at, errors);
  if (errors.length > 0) throw new BadRequest('The due time is invalid.', errors);
  return canonical(dueAt);
}

/** The customer's open plans with one more; 422 beyond the cap. */
export function addOpenPlan(plans: OpenPlan[], plan: OpenPlan): OpenPlan[] {
  const next = [...plans, plan];
  refuseTooManyPlans(next);
  return next;
}

/** A plan after a change (move, edit the note, complete or cancel); only open plans change. */
export function changePlan(plan: Plan, patch: UpdatePlanInput, by: string, at: Date): Plan {
  if (plan.status !== 'open')
    throw new Conflict('plan_closed', `The plan is ${plan.status}; only open plans can be changed.`);
  const iso = at.toISOString();
  const closing = patch.status !== undefined;
  return {
    ...plan,
    dueAt: patch.dueAt !== undefined ? checkDueAt(patch.dueAt, at) : plan.dueAt,
    note: patch.note ?? plan.note,
    status: patch.status ?? plan.status,
    closedAt: closing ? iso : plan.closedAt,
    closedBy: closing ? by : plan.closedBy,
    updatedAt: iso,
    version: plan.version + 1,
  };
}

/** The customer's open plans after a plan changed: it leaves them once closed. */
export function replaceOpenPlan(
  plans: OpenPlan[],
  plan: Pick<Plan, 'id' | 'dueAt' | 'note' | 'status'>,
): OpenPlan[] {
  const rest = plans.filter((p) => p.id !== plan.id);
  return plan.status === 'open' ? [...rest, { id: plan.id, dueAt: plan.dueAt, note: plan.note }] : rest;
}

// ---- reminders ----------------------------------------------------------------------------------

/** How far ahead the reminders job tells owners of plans falling due. */
export const REMINDER_LEAD_MINUTES = 60;
/** How far back it still reminds of plans it missed (an outage): older ones are simply overdue. */
export const REMINDER_LOOKBACK_HOURS = 24;

/** The window of due times a reminders run covers at `at`. */
export function reminderWindow(at: Date): Range {
  return range(
    new Date(at.getTime() - REMINDER_LOOKBACK_HOURS * 3_600_000),
    new Date(at.getTime() + REMINDER_LEAD_MINUTES * 60_000),
  );
}

/** The UTC days a window touches (the reminders schedule is bucketed by UTC day). */
export function utcDays(window: Range): string[] {
  const days: string[] = [];
  for (let d = Date.parse(window.from.slice(0, 10)); d <= Date.parse(window.to); d += 86_400_000) {
    days.push(new Date(d).toISOString().slice(0, 10));
  }
  return days;
}

const clock = (instant: string, timezone: string) => localDateTime(instant, timezone);

/** The notification (and SMS text) of a plan falling due: once per plan and due time. */
export function planReminder(
  p: Pick<Plan, 'id' | 'customerId' | 'customerName' | 'dueAt' | 'note'>,
  timezone: string,
): NotifyInput & { sms: string } {
  const when = clock(p.dueAt, timezone);
  return {
    kind: 'planDue',
    title: `跟进提醒：${p.customerName}`,
    body: `${when} 跟进${p.customerName}：${p.note}`,
    link: `/v1/customers/${p.customerId}`,
    dedupeKey: `plan:${p.id}:${p.dueAt}`,
    sms: `【跟进提醒】${when} 跟进${p.customerName}：${p.note}`.slice(0, 300),
  };
}

/** A birthday reminder, once per person and year (the date it falls on keys it). */
export function birthdayReminder(
  who: { kind: 'customer' | 'contact'; id: string; name: string; customerId: string; customerName: string },
  on: string,
): NotifyInput & { sms: string } {
  const person = who.kind === 'customer' ? who.name : `${who.customerName}的${who.name}`;
  return {
    kind: 'birthday',
    title: `生日提醒：${person}`,
    body: `${person}的生日是 ${on}。`,
    link: `/v1/customers/${who.customerId}`,
    dedupeKey: `birthday:${who.kind}:${who.id}:${on}`,
    sms: `【生日提醒】${person}的生日是 ${on}。`,
  };
}

/** The notification a record's author gets when someone replies to it. */
export function replyNotice(
  f: { id: string; customerId: string; customerName: string },
  reply: { id: string; authorName: string; content: string },
): NotifyInput {
  return {
    kind: 'reply',
    title: `${reply.authorName}回复了你的跟进记录`,
    body: `${f.customerName}：${reply.content}`.slice(0, 500),
    link: `/v1/customers/${f.customerId}/followups`,
    dedupeKey: `reply:${reply.id}`,
  };
}
