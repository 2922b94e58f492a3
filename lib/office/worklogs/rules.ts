import { superiorOf, type Viewer } from '../access.ts';
import { addDays, midnightOf } from '../events/wall-time.ts';
import type { Kind, Rule, Snapshot, Worklog } from './schemas.ts';

/** A log as stored: the public log and its author's role path (who stands over it). */
export interface WorklogRecord extends Worklog {
  authorRolePath: string;
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** Monday of ISO week 1 of a year: the week holding 4 January. */
function isoWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
}

/** The dates a period spans (inclusive). */
export function periodRange(kind: Kind, period: string): { from: string; to: string } {
  if (kind === 'daily') return { from: period, to: period };
  if (kind === 'monthly') {
    const [y, m] = period.split('-').map(Number) as [number, number];
    return { from: `${period}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
  }
  const [y, w] = [Number(period.slice(0, 4)), Number(period.slice(6))];
  const monday = isoWeekOne(y) + (w - 1) * 7 * DAY;
  return {
    from: new Date(monday).toISOString().slice(0, 10),
    to: new Date(monday + 6 * DAY).toISOString().slice(0, 10),
  };
}

/** The period of a kind a date falls in. */
export function periodOf(kind: Kind, date: string): string {
  if (kind === 'daily') return date;
  if (kind === 'monthly') return date.slice(0, 7);
  const t = Date.parse(`${date}T00:00:00.000Z`);
  const thursday = t + (3 - ((new Date(t).getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  return `${year}-W${pad(Math.floor((thursday - isoWeekOne(year)) / (7 * DAY)) + 1)}`;
}

/** The instant a period's log is due under a rule: its last day at the due time, in the zone. */
export function dueAtOf(kind: Kind, period: string, dueTime: string, zone: string): string {
  const last = periodRange(kind, period).to;
  const [h, m] = dueTime.split(':').map(Number) as [number, number];
  return new Date(Date.parse(midnightOf(last, zone)) + (h * 60 + m) * 60_000).toISOString();
}

/** The rule that applies to a role path for a kind: the rule naming its role or the nearest ancestor. */
export function ruleFor(rules: Rule[], kind: Kind, rolePath: string): Rule | undefined {
  const roles = rolePath.split('/').filter(Boolean).reverse();
  for (const role of roles) {
    const rule = rules.find((r) => r.kind === kind && r.roleIds.includes(role));
    if (rule) return rule;
  }
  return undefined;
}

/** The author, the recipients, the author's superiors see a log; only the author edits it. */
export const canSee = (v: Viewer, w: WorklogRecord) =>
  v.userId === w.authorId || w.recipientIds.includes(v.userId) || superiorOf(v, w.authorRolePath);

/** The snapshot's numbers out of the analytics metrics of the period. */
export const snapshotOf = (range: { from: string; to: string }, m: Record<string, number>): Snapshot => ({
  ...range,
  newCustomers: m.created ?? 0,
  followUps: m.followups ?? 0,
  wonCustomers: m.won ?? 0,
  contracts: m.contracts ?? 0,
  contractFen: m.contractFen ?? 0,
  receivedFen: m.receivedFen ?? 0,
});

export const nextDay = (date: string) => addDays(date, 1);
