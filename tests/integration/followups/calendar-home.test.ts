import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as createReply } from '#functions/followups/create-reply.ts';
import { handler as getCalendar } from '#functions/followups/get-calendar.ts';
import { handler as getHome } from '#functions/home/get-home.ts';
import { handler as getPool } from '#functions/pool/get-pool.ts';
import { handler as updatePool } from '#functions/pool/update-pool.ts';
import { setClock } from '#lib/clock.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { at, create, customerIds, followUp, plan, type World, world } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

const calendar = (as: Caller, query: Record<string, string>) =>
  invoke('GET /v1/calendar', getCalendar, { as, query });

/** A customer of `owner` with a plan due at `dueAt`, arranged well before. */
async function planned(owner: Caller, dueAt: string) {
  at('2024-04-01T00:00:00.000Z');
  const c = await create(owner);
  await plan(owner, c.id, { dueAt });
  return c.id;
}

describe('GET /v1/calendar', () => {
  let rep: Caller;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    rep = await w.addUser(`日历-${Date.now()}`, w.roles.rep);
    ids.due = await planned(rep, '2024-05-06T10:00:00+08:00');
    ids.dueAtMidnight = await planned(rep, '2024-05-06T00:00:00+08:00');
    ids.overdue = await planned(rep, '2024-05-05T23:59:00+08:00');
    ids.later = await planned(rep, '2024-05-07T00:00:00+08:00');
    at('2024-05-06T12:00:00+08:00');
    const d = await create(rep);
    ids.done = d.id;
    await followUp(rep, d.id, { occurredAt: '2024-05-06T09:00:00+08:00', content: '当天拜访' });
    await followUp(rep, d.id, { occurredAt: '2024-05-05T23:59:00+08:00', content: '前一天' });
    const given = await create(w.peer);
    ids.assigned = given.id;
    at('2024-05-06T11:00:00+08:00');
    await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: w.manager,
      params: { id: given.id },
      body: { userId: rep.userId },
    });
  });

  it('shows one tenant-local day: due, done, overdue as of that day, newly assigned', async () => {
    at('2024-05-10T12:00:00+08:00');
    const res = await calendar(rep, { date: '2024-05-06' });
    expect(res.status).toBe(200);
    expect(res.body.date).toBe('2024-05-06');
    expect(customerIds(res.body.due.items)).toEqual([ids.dueAtMidnight, ids.due]);
    expect(res.body.done.items.map((r: { content: string }) => r.content)).toEqual(['当天拜访']);
    expect(customerIds(res.body.overdue.items)).toEqual([ids.overdue]);
    expect(res.body.newlyAssigned.items).toEqual([
      expect.objectContaining({
        entry: expect.objectContaining({
          action: 'transfer',
          toUserId: rep.userId,
          fromUserId: w.peer.userId,
        }),
        customer: expect.objectContaining({ id: ids.assigned, ownerId: rep.userId }),
      }),
    ]);
    expect(res.body.due.more).toBe(false);
  });

  it('does not count customers the user created as assigned to them', async () => {
    const res = await calendar(rep, { date: '2024-05-06' });
    expect(
      res.body.newlyAssigned.items.map((i: { entry: { customerId: string } }) => i.entry.customerId),
    ).toEqual([ids.assigned]);
  });

  it('lets a superior look at a subordinate’s day, nobody else', async () => {
    const mine = await calendar(rep, { date: '2024-05-06' });
    const theirs = await calendar(w.manager, { date: '2024-05-06', userId: rep.userId });
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual(mine.body);
    expect((await calendar(w.peer, { date: '2024-05-06', userId: rep.userId })).status).toBe(403);
    expect((await calendar(w.outsider, { date: '2024-05-06', userId: rep.userId })).status).toBe(404);
  });

  it('refuses bad dates', async () => {
    for (const date of ['2024-02-30', '2024-5-6', 'today']) {
      const res = await calendar(rep, { date });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'query.date' }));
    }
    expect((await calendar(rep, {})).status).toBe(400);
  });
});

describe('GET /v1/home', () => {
  it('shows this week’s plans, today’s reminders, the list counts and the customers about to be reclaimed', async () => {
    const rep = await w.addUser(`首页-${Date.now()}`, w.roles.rep);
    at('2024-04-01T00:00:00.000Z');
    const pool = await invoke('GET /v1/pools/{id}', getPool, { as: w.admin, params: { id: 'default' } });
    await invoke('PATCH /v1/pools/{id}', updatePool, {
      as: w.admin,
      params: { id: 'default' },
      headers: { 'if-match': pool.headers.etag as string },
      body: { reclaim: { enabled: true, noFollowUpDays: 60, warnDays: 7 } },
    });
    const ids = {
      today: await planned(rep, '2024-05-08T15:00:00+08:00'),
      friday: await planned(rep, '2024-05-10T09:00:00+08:00'),
      nextWeek: await planned(rep, '2024-05-13T09:00:00+08:00'),
      overdue: await planned(rep, '2024-05-07T09:00:00+08:00'),
    };
    at('2024-05-08T12:00:00+08:00');
    const dormant = await create(rep);
    await followUp(rep, dormant.id, { occurredAt: '2024-04-28T12:00:00+08:00' });
    const fresh = await create(rep);
    const f = await followUp(rep, fresh.id, { content: '今天的记录' });
    await invoke('POST /v1/followups/{id}/replies', createReply, {
      as: w.manager,
      params: { id: f.body.id },
      body: { content: '今天回复' },
    });

    const res = await invoke('GET /v1/home', getHome, { as: rep });
    expect(res.status).toBe(200);
    expect(customerIds(res.body.weekPlans.items)).toEqual([ids.overdue, ids.today, ids.friday]);
    expect(res.body.reminders.items).toEqual([
      expect.objectContaining({ kind: 'reply', body: expect.stringContaining('今天回复') }),
    ]);
    expect(res.body.counts).toEqual({
      today: { count: 1, more: false },
      week: { count: 3, more: false },
      overdue: { count: 1, more: false },
      never: { count: 4, more: false },
      dormant: { count: 1, more: false },
    });
    // Created on 1 April and never followed up: reclaimed on 31 May, within the 7 warning days by 24 May.
    at('2024-05-25T12:00:00+08:00');
    const later = await invoke('GET /v1/home', getHome, { as: rep });
    expect(later.body.reclaimSoon.items.map((c: { id: string }) => c.id).sort()).toEqual(
      Object.values(ids).sort(),
    );
  });
});
