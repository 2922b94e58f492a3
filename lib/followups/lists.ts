import { now } from '../clock.ts';
import { listCustomers } from '../customers/lists.ts';
import { getCustomers, stripItem, toRecord } from '../customers/repository.ts';
import { type CustomerRecord, canSee } from '../customers/rules.ts';
import { CustomerListQuery, type HistoryEntry } from '../customers/schemas.ts';
import type { AgendaList } from '../db/keys.ts';
import type { Page } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, Forbidden, NotFound } from '../http/errors.ts';
import { notificationsSince } from '../notifications/service.ts';
import { getUser } from '../org/repository.ts';
import { isAbove } from '../org/rules.ts';
import { tenantTimezone } from '../settings/repository.ts';
import * as repo from './repository.ts';
import { DORMANT_DEFAULTS, dayOf, dayRange, dormantWindow, type Range, weekOf } from './rules.ts';
import type { AgendaItem, FollowUpList, FollowUpListsQuery } from './schemas.ts';

/**
 * The to-do lists (客户跟进列表), the calendar (日历模式) and the home page (工作台). Each list is one
 * Query on one partition of `agendaByUser` (`customerAgenda` for lists of customers) with a key range computed in the tenant's time zone:
 * no list filters customers, so a page reads what it returns whatever the tenant's size.
 */

/** Whose lists the caller reads: their own, or a subordinate's (a superior or an administrator). */
async function subjectOf(auth: Auth, userId: string | undefined, path: string): Promise<string> {
  if (!userId || userId === auth.userId) return auth.userId;
  const user = await getUser(auth.tenantId, userId);
  if (!user) throw new NotFound('user');
  if (!auth.isAdmin && !isAbove(auth.rolePath, user.rolePath))
    throw new Forbidden(
      `Only ${user.name}'s superiors may see their follow-up lists (${path}).`,
      'not_subordinate',
    );
  return user.id;
}

/**
 * A page of someone else's list is theirs to see when every entry's owner is below the caller
 * (open plans and owned customers carry their owner's role path, kept on a reorg): then the page
 * proves it and the subordinate's user item is not read. An empty page, or entries written before
 * they carried the path, leave the question to `subjectOf`.
 */
const provesSubordinate = (auth: Auth, items: Record<string, unknown>[]) =>
  items.length > 0 &&
  items.every((item) => {
    const path = item.ownerRolePath;
    return auth.isAdmin || (typeof path === 'string' && isAbove(auth.rolePath, path));
  });

const planEntry = (item: Record<string, unknown>): AgendaItem => {
  const plan = repo.toPlan(item);
  return {
    customer: { id: plan.customerId, name: plan.customerName, ownerId: plan.ownerId },
    plan: repo.publicPlan(plan),
  };
};

/** A customer on a to-do list: what `customerAgenda` projects of it (lib/db/keys/table.ts CUSTOMER_AGENDA_VIEW). */
export const customerEntry = (c: CustomerRecord): AgendaItem => ({
  customer: {
    id: c.id,
    name: c.name,
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    maturityId: c.maturityId,
    levelId: c.levelId,
    hot: c.hot,
    lastFollowUpAt: c.lastFollowUpAt ?? null,
    nextFollowUpAt: c.nextFollowUpAt ?? null,
    nextFollowUpNote: c.nextFollowUpNote ?? null,
    reclaimAt: c.reclaimAt,
  },
  plan: null,
});

interface ListSpec {
  agenda: AgendaList;
  range: repo.AgendaRange;
  ascending: boolean;
  entry: (item: Record<string, unknown>) => AgendaItem;
}

const plans = (range: repo.AgendaRange): ListSpec => ({
  agenda: 'PLAN',
  range,
  ascending: true,
  entry: planEntry,
});
const between = (r: Range): repo.AgendaRange => ({ between: [r.from, r.to] });
const byCustomer = (item: Record<string, unknown>) => customerEntry(toRecord(item));

/** The Query behind a list at `at` in `timezone`. */
function listSpec(
  list: FollowUpList,
  at: Date,
  timezone: string,
  days: { minDays: number; maxDays: number },
): ListSpec {
  switch (list) {
    case 'today':
      return plans(between(dayOf(at, timezone)));
    case 'week':
      return plans(between(weekOf(at, timezone)));
    case 'overdue':
      return plans({ before: at.toISOString() });
    case 'never':
      return { agenda: 'NEVER', range: { all: true }, ascending: false, entry: byCustomer };
    case 'dormant':
      return {
        agenda: 'LAST',
        range: between(dormantWindow(at, timezone, days.minDays, days.maxDays)),
        ascending: true,
        entry: byCustomer,
      };
  }
}

/**
 * 今天要跟进的 / 一周内要跟进的 / 跟进过期的 (open plans due today, this week, before now),
 * 从未跟进的 (owned customers without a record), 近期未跟进的 (last record 7 to 60 days ago).
 */
export async function listAgenda(
  auth: Auth,
  list: FollowUpList,
  query: FollowUpListsQuery,
): Promise<Page<AgendaItem>> {
  if (list !== 'dormant' && (query.minDays !== undefined || query.maxDays !== undefined))
    throw new BadRequest('minDays and maxDays apply to the dormant list only.', [
      {
        path: query.minDays !== undefined ? 'query.minDays' : 'query.maxDays',
        code: 'not_applicable',
        message: 'Use it with the dormant list',
      },
    ]);
  const days = {
    minDays: query.minDays ?? DORMANT_DEFAULTS.minDays,
    maxDays: query.maxDays ?? Math.max(DORMANT_DEFAULTS.maxDays, query.minDays ?? 0),
  };
  // Overdue and never need no calendar (and roles written before they carried the zone cost a read).
  const timezone = list === 'overdue' || list === 'never' ? 'UTC' : await tenantTimezone(auth);
  const userId = query.userId ?? auth.userId;
  const spec = listSpec(list, now(), timezone, days);
  const page = await repo.agendaPage(auth.tenantId, spec.agenda, userId, spec.range, {
    limit: query.limit,
    cursor: query.cursor,
    ascending: spec.ascending,
    // A page continues the list it started on even when "today" or "now" moves on meanwhile.
    fingerprint: `${list}:${days.minDays}:${days.maxDays}:${JSON.stringify(spec.range)}`,
  });
  if (userId !== auth.userId && !provesSubordinate(auth, page.items))
    await subjectOf(auth, userId, 'query.userId');
  return { items: page.items.map(spec.entry), nextCursor: page.nextCursor };
}

const SECTION = 50;
const section = <T>(page: Page<T>) => ({ items: page.items, more: page.nextCursor !== null });

/**
 * The calendar (日历模式) of one tenant-local day: plans due that day, records written that day,
 * plans overdue as of that day (due before it), customers given to the user that day.
 */
export async function calendar(auth: Auth, query: { date: string; userId?: string | undefined }) {
  const [userId, timezone] = await Promise.all([
    subjectOf(auth, query.userId, 'query.userId'),
    tenantTimezone(auth),
  ]);
  const day = dayRange(query.date, timezone);
  const page = (agenda: AgendaList, range: repo.AgendaRange, ascending: boolean) =>
    repo.agendaPage(auth.tenantId, agenda, userId, range, {
      limit: SECTION,
      ascending,
      fingerprint: `calendar:${query.date}`,
    });
  const [due, done, overdue, assigned] = await Promise.all([
    page('PLAN', between(day), true),
    page('DONE', between(day), true),
    page('PLAN', { before: day.from }, true),
    page('ASSIGNED', between(day), true),
  ]);
  const entries = assigned.items.map((i) => stripItem<HistoryEntry>(i));
  const customers = await getCustomers(
    auth.tenantId,
    entries.map((e) => e.customerId),
  );
  return {
    date: query.date,
    due: section({ items: due.items.map(planEntry), nextCursor: due.nextCursor }),
    done: section({ items: done.items.map(repo.toFollowUp), nextCursor: done.nextCursor }),
    overdue: section({ items: overdue.items.map(planEntry), nextCursor: overdue.nextCursor }),
    newlyAssigned: section({
      items: entries.map((entry: HistoryEntry) => {
        const c = customers.get(entry.customerId);
        return { entry, customer: c && canSee(auth, c) ? customerEntry(c).customer : null };
      }),
      nextCursor: assigned.nextCursor,
    }),
  };
}

/** Counts on the home page stop at this many: a COUNT Query reads at most this much. */
export const COUNT_CAP = 100;

/**
 * The home page (工作台): this week's open plans (周计划), today's notifications (reminders, replies),
 * how many entries each to-do list holds, and the caller's customers about to be reclaimed.
 */
export async function home(auth: Auth) {
  const tz = await tenantTimezone(auth);
  const at = now();
  const count = (list: FollowUpList) => {
    const spec = listSpec(list, at, tz, DORMANT_DEFAULTS);
    return repo.agendaCount(auth.tenantId, spec.agenda, auth.userId, spec.range, COUNT_CAP);
  };
  const week = listSpec('week', at, tz, DORMANT_DEFAULTS);
  const [weekPlans, reminders, today, thisWeek, overdue, never, dormant, reclaimSoon] = await Promise.all([
    repo.agendaPage(auth.tenantId, 'PLAN', auth.userId, week.range, {
      limit: SECTION,
      ascending: true,
      fingerprint: 'home',
    }),
    notificationsSince(auth.tenantId, auth.userId, new Date(dayOf(at, tz).from), 20),
    count('today'),
    count('week'),
    count('overdue'),
    count('never'),
    count('dormant'),
    listCustomers(auth, CustomerListQuery.parse({ view: 'reclaim-soon', limit: 10 })),
  ]);
  return {
    weekPlans: section({ items: weekPlans.items.map(planEntry), nextCursor: weekPlans.nextCursor }),
    reminders: section(reminders),
    counts: { today, week: thisWeek, overdue, never, dormant },
    reclaimSoon: section(reclaimSoon),
  };
}
