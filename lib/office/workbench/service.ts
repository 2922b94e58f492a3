import { pendingCount, pendingForUser } from '../../approvals/lists.ts';
import { now } from '../../clock.ts';
import { listCustomers } from '../../customers/lists.ts';
import { CustomerListQuery } from '../../customers/schemas.ts';
import { agendaPage, publicPlan, toPlan } from '../../followups/repository.ts';
import type { Auth } from '../../http/auth.ts';
import { localDate } from '../../local-time.ts';
import { tenantTimezone } from '../../settings/repository.ts';
import { inbox } from '../announcements/service.ts';
import { calendar } from '../events/service.ts';
import { addDays, midnightOf } from '../events/wall-time.ts';
import * as tasks from '../tasks/repository.ts';

const SECTION = 10;
const TASKS_READ = 50;
const RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;

const section = <T>(page: { items: T[]; nextCursor: string | null }, limit = SECTION) => ({
  items: page.items.slice(0, limit),
  more: page.nextCursor !== null || page.items.length > limit,
});

/**
 * The workbench (工作台) in one call: my open tasks, today's events and plans, unread announcements,
 * approvals waiting for me, customers about to be reclaimed.
 */
export async function workbench(auth: Auth) {
  const zone = await tenantTimezone(auth);
  const at = now();
  const date = localDate(at, zone);
  const from = midnightOf(date, zone);
  const to = midnightOf(addDays(date, 1), zone);
  const [open, today, plans, unread, reclaimSoon, waiting, waitingCount] = await Promise.all([
    tasks.viewPage(auth.tenantId, 'ASSIGNED', 'open', auth.userId, { limit: TASKS_READ }),
    calendar(auth, { from, to }),
    agendaPage(
      auth.tenantId,
      'PLAN',
      auth.userId,
      { between: [from, to] },
      { limit: SECTION, ascending: true, fingerprint: 'workbench' },
    ),
    inbox(auth, { unread: true, limit: SECTION }),
    listCustomers(auth, CustomerListQuery.parse({ view: 'reclaim-soon', limit: SECTION })),
    pendingForUser(auth, SECTION),
    pendingCount(auth),
  ]);
  // Most urgent first: priority, then the earliest due (the list is read in due order).
  const ranked = [...open.items].sort((a, b) => RANK[a.priority] - RANK[b.priority]);
  return {
    date,
    tasks: section({ items: ranked, nextCursor: open.nextCursor }),
    events: today.items.filter((i) => i.kind === 'event'),
    plans: section({ items: plans.items.map((p) => publicPlan(toPlan(p))), nextCursor: plans.nextCursor }),
    approvals: { ...section(waiting), count: waitingCount },
    announcements: section(unread),
    reclaimSoon: section(reclaimSoon),
  };
}
