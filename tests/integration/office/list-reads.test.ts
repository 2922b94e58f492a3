import { describe, expect, it } from 'vitest';
import { handler as getCompletion } from '#functions/office/get-worklog-completion.ts';
import { handler as listActivity } from '#functions/office/list-activity.ts';
import { handler as listAnnouncements } from '#functions/office/list-announcements.ts';
import { handler as listEvents } from '#functions/office/list-events.ts';
import { handler as listTasks } from '#functions/office/list-tasks.ts';
import { handler as listWorklogs } from '#functions/office/list-worklogs.ts';
import { setClock } from '#lib/clock.ts';
import { runWorklogReminders } from '#lib/office/jobs.ts';
import type { BenchTenant } from '#tests/bench/endpoints.ts';
import { officeEndpoints, officeSeeder } from '#tests/bench/office.ts';
import { AUTH_READS, invoke, itemsRead } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

const handlers = {
  'GET /v1/tasks': listTasks,
  'GET /v1/events': listEvents,
  'GET /v1/announcements': listAnnouncements,
  'GET /v1/worklogs': listWorklogs,
  'GET /v1/worklogs/completion': getCompletion,
  'GET /v1/activity': listActivity,
} as const;

/**
 * The bench's office lists on a small tenant seeded by the bench's own seeder: each page reads about
 * one item per item it returns (the bench measures the same at two tenant sizes).
 */
describe('office lists read about what they return', () => {
  it('every office list of the bench', async () => {
    const t = await newTenant();
    const manager = await t.addUser('基准经理', t.roles.manager);
    const reps = await Promise.all([1, 2, 3, 4].map((n) => t.addUser(`基准销售${n}`, t.roles.rep)));
    const user = (u: { userId: string; name: string }) => ({ userId: u.userId, name: u.name, token: '' });
    const tenant: BenchTenant = {
      size: 'small',
      scale: 5,
      tenantId: t.tenantId,
      admin: user(t.admin),
      roles: { root: t.roles.root.id, manager: t.roles.manager.id, rep: t.roles.rep.id },
      managers: [user(manager)],
      reps: reps.map(user),
      facts: {},
    };
    await officeSeeder.seed({} as never, tenant);
    // The worklog-reminders job draws the period's roster, which the completion report reads.
    setClock(new Date('2031-01-15T12:00:00.000Z'));
    await runWorklogReminders({ tenantIds: [t.tenantId] });
    setClock(undefined);
    const callers = { admin: t.admin, manager, rep: reps[0] };
    for (const e of officeEndpoints) {
      const url = new URL(e.path(tenant), 'http://local');
      const res = await invoke(e.route as keyof typeof handlers, handlers[e.route as keyof typeof handlers], {
        as: callers[e.as ?? 'admin'],
        query: Object.fromEntries(url.searchParams),
      });
      expect(res.status, e.name).toBe(200);
      const returned = e.returned ? e.returned(res.body) : res.body.items.length;
      expect(returned, e.name).toBeGreaterThan(0);
      const read = itemsRead(res) - AUTH_READS;
      // The completion report: one entry per person shown, and the roster's marker.
      const bound = e.route === 'GET /v1/worklogs/completion' ? 1 + 1 / returned : 1.25;
      expect(read / returned, `${e.name}: read ${read} for ${returned}`).toBeLessThanOrEqual(bound);
    }
  });
});
