import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '#lib/clock.ts';
import {
  agenda,
  agendaAll,
  at,
  create,
  customerIds,
  followUp,
  plan,
  setSettings,
  type World,
  world,
} from './world.ts';

/**
 * The to-do lists at the edges of the tenant's day and week (Asia/Shanghai, UTC+8), and the
 * dormant window at exactly 7 and 60 days.
 */
let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

/** A customer of `owner` with one plan due at `dueAt`, arranged at `arrangeAt`. */
async function planned(owner: World['owner'], dueAt: string, arrangeAt = '2024-04-01T00:00:00.000Z') {
  at(arrangeAt);
  const c = await create(owner);
  await plan(owner, c.id, { dueAt });
  return c.id;
}

describe('today, week, overdue', () => {
  let owner: World['owner'];
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    owner = await w.addUser(`日程-${Date.now()}`, w.roles.rep);
    // Shanghai is UTC+8: 23:59 on 6 May is 15:59Z, 00:01 on 7 May is 16:01Z.
    ids.mon2359 = await planned(owner, '2024-05-06T23:59:00+08:00');
    ids.tue0001 = await planned(owner, '2024-05-07T00:01:00+08:00');
    ids.lastSun2359 = await planned(owner, '2024-05-05T23:59:00+08:00');
    ids.mon0001 = await planned(owner, '2024-05-06T00:01:00+08:00');
    ids.sun2359 = await planned(owner, '2024-05-12T23:59:00+08:00');
    ids.nextMon0001 = await planned(owner, '2024-05-13T00:01:00+08:00');
  });

  it('counts a plan at 23:59 tenant time to its day and one at 00:01 to the next', async () => {
    at('2024-05-06T12:00:00+08:00');
    const today = customerIds(await agendaAll(owner, 'today'));
    expect(today).toEqual([ids.mon0001, ids.mon2359]);
    at('2024-05-07T00:05:00+08:00');
    expect(customerIds(await agendaAll(owner, 'today'))).toEqual([ids.tue0001]);
  });

  it('lists a week from Monday 00:00 to Sunday 23:59 tenant time', async () => {
    at('2024-05-12T12:00:00+08:00');
    const week = customerIds(await agendaAll(owner, 'week'));
    expect(week).toEqual([ids.mon0001, ids.mon2359, ids.tue0001, ids.sun2359]);
    expect(week).not.toContain(ids.lastSun2359);
    expect(week).not.toContain(ids.nextMon0001);
  });

  it('lists as overdue the open plans due before now, oldest first', async () => {
    at('2024-05-07T00:01:00+08:00');
    const overdue = customerIds(await agendaAll(owner, 'overdue'));
    // The 00:01 plan is due exactly now: not overdue yet.
    expect(overdue).toEqual([ids.lastSun2359, ids.mon0001, ids.mon2359]);
    at('2024-05-07T00:01:00.001+08:00');
    expect(customerIds(await agendaAll(owner, 'overdue'))).toContain(ids.tue0001);
  });

  it('returns each customer with its plan', async () => {
    at('2024-05-06T12:00:00+08:00');
    const [first] = (await agenda(owner, 'today')).body.items;
    expect(first.customer).toMatchObject({
      id: ids.mon0001,
      ownerId: owner.userId,
      name: expect.any(String),
    });
    expect(first.plan).toMatchObject({ dueAt: '2024-05-05T16:01:00.000Z', status: 'open', note: '回访' });
  });

  it('pages through a list with cursors bound to it', async () => {
    at('2024-05-12T12:00:00+08:00');
    const first = await agenda(owner, 'week', { limit: '3' });
    expect(first.body.items).toHaveLength(3);
    const second = await agenda(owner, 'week', { limit: '3', cursor: first.body.nextCursor });
    expect(customerIds(second.body.items)).toEqual([ids.sun2359]);
    const wrong = await agenda(owner, 'today', { cursor: first.body.nextCursor });
    expect(wrong.status).toBe(400);
  });

  it('follows the tenant’s time zone', async () => {
    const t = await import('#tests/support/tenants.ts').then((m) => m.newTenant());
    await setSettings(t.tenantId, { timezone: 'America/New_York' });
    const rep = await t.addUser('纽约销售', t.roles.rep);
    // 23:30 on 6 May in New York is 03:30Z on 7 May: still "today" there at 20:00 local.
    const id = await planned(rep, '2024-05-06T23:30:00-04:00');
    at('2024-05-06T20:00:00-04:00');
    expect(customerIds(await agendaAll(rep, 'today'))).toEqual([id]);
  });
});

describe('never and dormant', () => {
  let owner: World['owner'];
  const ids: Record<string, string> = {};
  const NOW = '2024-06-30T12:00:00+08:00';
  async function followedUpAt(occurredAt: string) {
    at(NOW);
    const c = await create(owner);
    const res = await followUp(owner, c.id, { occurredAt });
    if (res.status !== 201) throw new Error(res.text);
    return c.id;
  }
  beforeAll(async () => {
    owner = await w.addUser(`沉睡-${Date.now()}`, w.roles.rep);
    at(NOW);
    ids.never = (await create(owner)).id;
    ids.d7 = await followedUpAt('2024-06-23T12:00:00+08:00');
    ids.d7late = await followedUpAt('2024-06-23T23:59:00+08:00');
    ids.d6 = await followedUpAt('2024-06-24T00:01:00+08:00');
    ids.d60 = await followedUpAt('2024-05-01T00:01:00+08:00');
    ids.d61 = await followedUpAt('2024-04-30T23:59:00+08:00');
  });

  it('lists owned customers never followed up, and drops them at their first record', async () => {
    at(NOW);
    expect(customerIds(await agendaAll(owner, 'never'))).toEqual([ids.never]);
    expect((await followUp(owner, ids.never as string)).status).toBe(201);
    expect(customerIds(await agendaAll(owner, 'never'))).toEqual([]);
    expect(customerIds(await agendaAll(owner, 'dormant'))).not.toContain(ids.never);
  });

  it('lists customers last followed up exactly 7 to exactly 60 days ago, most neglected first', async () => {
    at(NOW);
    const items = await agendaAll(owner, 'dormant');
    expect(customerIds(items)).toEqual([ids.d60, ids.d7, ids.d7late]);
    expect(items[0].customer.lastFollowUpAt).toBe('2024-04-30T16:01:00.000Z');
  });

  it('takes other bounds', async () => {
    at(NOW);
    expect(customerIds(await agendaAll(owner, 'dormant', { minDays: '6', maxDays: '6' }))).toEqual([ids.d6]);
    expect(customerIds(await agendaAll(owner, 'dormant', { minDays: '61', maxDays: '90' }))).toEqual([
      ids.d61,
    ]);
  });

  it('refuses bounds that make no sense', async () => {
    const inverted = await agenda(owner, 'dormant', { minDays: '10', maxDays: '5' });
    expect(inverted.status).toBe(400);
    expect(inverted.body.errors).toContainEqual(expect.objectContaining({ path: 'query.minDays' }));
    expect((await agenda(owner, 'today', { minDays: '3' })).status).toBe(400);
    expect((await agenda(owner, 'dormant', { minDays: '-1' })).status).toBe(400);
    expect((await agenda(owner, 'someday')).status).toBe(400);
  });
});

describe('whose lists', () => {
  it('lets a superior and an administrator read a subordinate’s lists, nobody else', async () => {
    const id = await planned(w.owner, '2024-05-06T15:00:00+08:00');
    at('2024-05-06T12:00:00+08:00');
    for (const as of [w.manager, w.admin]) {
      const res = await agenda(as, 'today', { userId: w.owner.userId });
      expect(res.status).toBe(200);
      expect(customerIds(res.body.items)).toContain(id);
    }
    const peer = await agenda(w.peer, 'today', { userId: w.owner.userId });
    expect(peer.status).toBe(403);
    expect((await agenda(w.intern, 'today', { userId: w.owner.userId })).status).toBe(403);
    expect((await agenda(w.outsider, 'today', { userId: w.owner.userId })).status).toBe(404);
    expect((await agenda(w.owner, 'today', { userId: 'nobody' })).status).toBe(400);
    expect(customerIds((await agenda(w.peer, 'today')).body.items)).not.toContain(id);
  });
});
