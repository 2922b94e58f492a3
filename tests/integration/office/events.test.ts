import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as createEvent } from '#functions/office/create-event.ts';
import { handler as deleteEvent } from '#functions/office/delete-event.ts';
import { handler as getBusy } from '#functions/office/get-busy.ts';
import { handler as getEvent } from '#functions/office/get-event.ts';
import { handler as listEvents } from '#functions/office/list-events.ts';
import { handler as rsvp } from '#functions/office/rsvp-event.ts';
import { handler as updateEvent } from '#functions/office/update-event.ts';
import { setClock } from '#lib/clock.ts';
import { runOfficeReminders } from '#lib/office/jobs.ts';
import { provisionTenant } from '#lib/tenants/provision.ts';
import { plan } from '#tests/integration/followups/world.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { at, create, notifications, task, type World, world } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

async function event(as: Caller, body: Record<string, unknown>) {
  const res = await invoke('POST /v1/events', createEvent, { as, body: { title: '客户拜访', ...body } });
  if (res.status !== 201) throw new Error(`event failed: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number; conflicts: any[]; [k: string]: any };
}
const range = (as: Caller, from: string, to: string, userId?: string) =>
  invoke('GET /v1/events', listEvents, { as, query: { from, to, ...(userId ? { userId } : {}) } });
async function occurrences(as: Caller, from: string, to: string, id?: string) {
  const res = await range(as, from, to);
  if (res.status !== 200) throw new Error(`range failed: ${res.status} ${res.text}`);
  return (res.body.items as any[]).filter((i) => i.kind === 'event' && (!id || i.id === id));
}
const read = (as: Caller, id: string) => invoke('GET /v1/events/{id}', getEvent, { as, params: { id } });
const patch = (
  as: Caller,
  id: string,
  body: unknown,
  opts: { etag?: string; query?: Record<string, string> } = {},
) =>
  invoke('PATCH /v1/events/{id}', updateEvent, {
    as,
    params: { id },
    body,
    ...(opts.query ? { query: opts.query } : {}),
    ...(opts.etag ? { headers: { 'if-match': opts.etag } } : {}),
  });
const remove = (as: Caller, id: string, query: Record<string, string> = {}) =>
  invoke('DELETE /v1/events/{id}', deleteEvent, { as, params: { id }, query });

let day = 0;
/** A fresh Shanghai day in 2028 for each test, so tests never see each other's events. */
const freshDay = () => {
  day += 1;
  return new Date(Date.UTC(2028, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
};
const cst = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

describe('events', () => {
  it('creates an event on its people’s calendars and reports their conflicts', async () => {
    const d = freshDay();
    const first = await event(w.shared, { startsAt: cst(d, '10:00'), endsAt: cst(d, '11:00') });
    expect(first.conflicts).toEqual([]);
    const res = await invoke('POST /v1/events', createEvent, {
      as: w.owner,
      body: {
        title: '方案评审',
        startsAt: `${d}T10:30:00+08:00`,
        endsAt: `${d}T12:00:00+08:00`,
        location: '3楼会议室',
        participantIds: [w.shared.userId, w.peer.userId],
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/events/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      startsAt: cst(d, '10:30'),
      organizerId: w.owner.userId,
      timezone: 'Asia/Shanghai',
      participants: expect.arrayContaining([
        expect.objectContaining({ userId: w.shared.userId, response: 'pending' }),
        expect.objectContaining({ userId: w.peer.userId, response: 'pending' }),
      ]),
    });
    expect(res.body.conflicts).toEqual([
      { userId: w.shared.userId, eventId: first.id, startsAt: cst(d, '10:00'), endsAt: cst(d, '11:00') },
    ]);
    const forPeer = await occurrences(w.peer, cst(d, '00:00'), cst(d, '23:59'));
    expect(forPeer.map((o) => o.id)).toEqual([res.body.id]);
    expect(forPeer[0]).toMatchObject({ title: '方案评审', location: '3楼会议室', response: 'pending' });
    expect((await occurrences(w.shared, cst(d, '00:00'), cst(d, '23:59'))).map((o) => o.id)).toEqual([
      first.id,
      res.body.id,
    ]);
  });

  it('shows an event to its people and the organizer’s superiors, a private one to its people only', async () => {
    const d = freshDay();
    const open = await event(w.owner, {
      startsAt: cst(d, '09:00'),
      endsAt: cst(d, '10:00'),
      participantIds: [w.shared.userId],
    });
    for (const who of [w.owner, w.shared, w.manager, w.admin])
      expect((await read(who, open.id)).status).toBe(200);
    for (const who of [w.peer, w.intern, w.outsider]) expect((await read(who, open.id)).status).toBe(404);
    const secret = await event(w.owner, {
      title: '体检',
      startsAt: cst(d, '14:00'),
      endsAt: cst(d, '15:00'),
      private: true,
    });
    expect((await read(w.manager, secret.id)).status).toBe(404);
    const seen = await range(w.manager, cst(d, '00:00'), cst(d, '23:59'), w.owner.userId);
    expect(seen.status).toBe(200);
    const hidden = seen.body.items.find((i: { id: string }) => i.id === secret.id);
    expect(hidden).toMatchObject({ title: '忙碌', private: true, location: null });
    expect((await range(w.peer, cst(d, '00:00'), cst(d, '23:59'), w.owner.userId)).status).toBe(404);
    expect((await patch(w.shared, open.id, { title: '改' }, { etag: '"1"' })).status).toBe(403);
    expect((await patch(w.manager, open.id, { title: '经理改' }, { etag: '"1"' })).status).toBe(200);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const d = freshDay();
    const bad = [
      { title: '倒序', startsAt: cst(d, '11:00'), endsAt: cst(d, '10:00') },
      {
        title: '无人',
        startsAt: cst(d, '09:00'),
        endsAt: cst(d, '10:00'),
        participantIds: [w.outsider.userId],
      },
      { title: '日期', startsAt: d, endsAt: d },
      { title: '规则', startsAt: cst(d, '09:00'), endsAt: cst(d, '10:00'), recurrence: { freq: 'hourly' } },
      {
        title: '两者',
        startsAt: cst(d, '09:00'),
        endsAt: cst(d, '10:00'),
        recurrence: { freq: 'daily', count: 2, until: d },
      },
    ];
    for (const body of bad) {
      const res = await invoke('POST /v1/events', createEvent, { as: w.intern, body });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await occurrences(w.intern, cst(d, '00:00'), cst(d, '23:59'))).toEqual([]);
    expect((await range(w.intern, cst(d, '10:00'), cst(d, '09:00'))).status).toBe(400);
  });

  it('needs If-Match to edit and honours Idempotency-Key on create', async () => {
    const d = freshDay();
    const key = `event-${Math.random()}`;
    const body = { title: '幂等日程', startsAt: cst(d, '09:00'), endsAt: cst(d, '10:00') };
    const first = await invoke('POST /v1/events', createEvent, {
      as: w.intern,
      headers: { 'idempotency-key': key },
      body,
    });
    const again = await invoke('POST /v1/events', createEvent, {
      as: w.intern,
      headers: { 'idempotency-key': key },
      body,
    });
    expect(again.body.id).toBe(first.body.id);
    expect(await occurrences(w.intern, cst(d, '00:00'), cst(d, '23:59'))).toHaveLength(1);
    expect((await patch(w.intern, first.body.id, { title: '改' })).status).toBe(428);
    expect(
      (await patch(w.intern, first.body.id, { title: '改', startsAt: cst(d, '08:00') }, { etag: '"1"' }))
        .status,
    ).toBe(200);
    expect((await patch(w.intern, first.body.id, { title: '再改' }, { etag: '"1"' })).status).toBe(412);
    expect((await occurrences(w.intern, cst(d, '00:00'), cst(d, '23:59')))[0]).toMatchObject({
      title: '改',
      startsAt: cst(d, '08:00'),
    });
  });

  it('records every answer when invitees answer at once', async () => {
    const d = freshDay();
    const people = [w.owner, w.peer, w.shared, w.manager, w.intern, w.assistant];
    const e = await event(w.admin, {
      startsAt: cst(d, '15:00'),
      endsAt: cst(d, '16:00'),
      participantIds: people.map((p) => p.userId),
    });
    const answers = ['accepted', 'declined', 'tentative'] as const;
    const results = await Promise.all(
      people.map((p, i) =>
        invoke('POST /v1/events/{id}/rsvp', rsvp, {
          as: p,
          params: { id: e.id },
          body: { response: answers[i % 3] },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(people.length).fill(200));
    const stored = (await read(w.admin, e.id)).body;
    expect(stored.version).toBe(1 + people.length);
    for (const [i, p] of people.entries())
      expect(stored.participants.find((x: { userId: string }) => x.userId === p.userId).response).toBe(
        answers[i % 3],
      );
    expect((await occurrences(w.peer, cst(d, '00:00'), cst(d, '23:59')))[0].response).toBe('declined');
    const outsider = await invoke('POST /v1/events/{id}/rsvp', rsvp, {
      as: w.outsider,
      params: { id: e.id },
      body: { response: 'accepted' },
    });
    expect(outsider.status).toBe(404);
  });

  it('overlays follow-up plans and task due dates on the range', async () => {
    at('2028-06-01T00:00:00.000Z');
    const c = await create(w.intern);
    const p = await plan(w.intern, c.id, { dueAt: '2028-06-05T02:00:00.000Z', note: '回访报价' });
    const t = await task(w.intern, { assigneeId: w.intern.userId, dueAt: '2028-06-05T08:00:00.000Z' });
    const e = await event(w.intern, {
      startsAt: '2028-06-05T03:00:00.000Z',
      endsAt: '2028-06-05T04:00:00.000Z',
    });
    setClock(undefined);
    const res = await range(w.intern, '2028-06-04T16:00:00.000Z', '2028-06-05T16:00:00.000Z');
    expect(res.body.items.map((i: { kind: string; id: string }) => [i.kind, i.id])).toEqual([
      ['plan', p.id],
      ['event', e.id],
      ['task', t.id],
    ]);
    expect(res.body.items[0].title).toContain('回访报价');
  });

  it('tells free/busy without details, declined events leaving the time free', async () => {
    const d = freshDay();
    await event(w.peer, { title: '私事', startsAt: cst(d, '09:00'), endsAt: cst(d, '10:00'), private: true });
    await event(w.peer, { startsAt: cst(d, '09:30'), endsAt: cst(d, '11:00') });
    const declined = await event(w.owner, {
      startsAt: cst(d, '13:00'),
      endsAt: cst(d, '14:00'),
      participantIds: [w.peer.userId],
    });
    await invoke('POST /v1/events/{id}/rsvp', rsvp, {
      as: w.peer,
      params: { id: declined.id },
      body: { response: 'declined' },
    });
    const res = await invoke('GET /v1/calendar/busy', getBusy, {
      as: w.intern,
      query: { userIds: `${w.peer.userId},${w.owner.userId}`, from: cst(d, '00:00'), to: cst(d, '23:59') },
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { userId: w.peer.userId, busy: [{ startsAt: cst(d, '09:00'), endsAt: cst(d, '11:00') }] },
      { userId: w.owner.userId, busy: [{ startsAt: cst(d, '13:00'), endsAt: cst(d, '14:00') }] },
    ]);
    expect(res.text).not.toContain('私事');
    const bad = await invoke('GET /v1/calendar/busy', getBusy, {
      as: w.intern,
      query: { userIds: 'nobody', from: cst(d, '00:00'), to: cst(d, '23:59') },
    });
    expect(bad.status).toBe(400);
  });

  it('reminds everyone on an event once before it starts, however often the job runs', async () => {
    at('2029-04-01T00:00:00.000Z');
    const e = await event(w.owner, {
      title: '周会',
      startsAt: '2029-04-02T02:00:00.000Z',
      endsAt: '2029-04-02T03:00:00.000Z',
      participantIds: [w.shared.userId],
      remindMinutesBefore: [15],
      recurrence: { freq: 'daily', count: 2 },
    });
    at('2029-04-02T01:50:00.000Z');
    const first = await runOfficeReminders({ tenantIds: [w.tenantId] });
    const again = await runOfficeReminders({ tenantIds: [w.tenantId] });
    expect(first.notified).toBe(2);
    expect(again.notified).toBe(0);
    const told = (await notifications(w.shared)).filter((n) => n.title === '日程提醒：周会');
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain('2029-04-02 10:00');
    at('2029-04-03T01:46:00.000Z');
    expect((await runOfficeReminders({ tenantIds: [w.tenantId] })).notified).toBe(2);
    expect((await read(w.owner, e.id)).status).toBe(200);
  });
});

describe('recurrence', () => {
  const MARCH = ['2027-03-01T00:00:00+08:00', '2027-04-01T00:00:00+08:00'] as const;
  const monWed = (as: Caller, extra: Record<string, unknown> = {}) =>
    event(as, {
      title: '例会',
      startsAt: '2027-03-01T09:00:00+08:00',
      endsAt: '2027-03-01T10:00:00+08:00',
      recurrence: { freq: 'weekly', byWeekday: ['MO', 'WE'] },
      ...extra,
    });
  const dates = (items: Array<{ startsAt: string }>) =>
    items.map((o) => new Date(Date.parse(o.startsAt) + 8 * 3_600_000).toISOString().slice(5, 16));

  it('repeats weekly on Monday and Wednesday across a month', async () => {
    const t = await import('#tests/support/tenants.ts').then((m) => m.newTenant());
    const e = await monWed(t.admin);
    expect(dates(await occurrences(t.admin, ...MARCH, e.id))).toEqual([
      '03-01T09:00',
      '03-03T09:00',
      '03-08T09:00',
      '03-10T09:00',
      '03-15T09:00',
      '03-17T09:00',
      '03-22T09:00',
      '03-24T09:00',
      '03-29T09:00',
      '03-31T09:00',
    ]);
  });

  it('moves one occurrence, deletes another, and splits the series from a third on', async () => {
    const t = await import('#tests/support/tenants.ts').then((m) => m.newTenant());
    const e = await monWed(t.admin);
    const moved = await patch(
      t.admin,
      e.id,
      { startsAt: '2027-03-03T14:00:00+08:00', endsAt: '2027-03-03T15:00:00+08:00', title: '改时间' },
      {
        etag: '"1"',
        query: { scope: 'this', occurrence: '2027-03-03T01:00:00.000Z' },
      },
    );
    expect(moved.status).toBe(200);
    expect(
      (await remove(t.admin, e.id, { scope: 'this', occurrence: '2027-03-08T01:00:00.000Z' })).status,
    ).toBe(204);
    const notOne = await patch(
      t.admin,
      e.id,
      { title: 'x' },
      { etag: '"3"', query: { scope: 'this', occurrence: '2027-03-09T01:00:00.000Z' } },
    );
    expect(notOne.status).toBe(400);
    const split = await patch(
      t.admin,
      e.id,
      { title: '新例会' },
      {
        etag: '"3"',
        query: { scope: 'following', occurrence: '2027-03-15T01:00:00.000Z' },
      },
    );
    expect(split.status).toBe(200);
    expect(split.body.id).not.toBe(e.id);
    const all = await occurrences(t.admin, ...MARCH);
    expect(all.map((o) => `${dates([o])[0]} ${o.title}`)).toEqual([
      '03-01T09:00 例会',
      '03-03T14:00 改时间',
      '03-10T09:00 例会',
      '03-15T09:00 新例会',
      '03-17T09:00 新例会',
      '03-22T09:00 新例会',
      '03-24T09:00 新例会',
      '03-29T09:00 新例会',
      '03-31T09:00 新例会',
    ]);
    expect((await read(t.admin, e.id)).body.recurrence).toMatchObject({ until: '2027-03-14' });
  });

  it('ends a series after a count or on a date, and a counted split keeps the count', async () => {
    const t = await import('#tests/support/tenants.ts').then((m) => m.newTenant());
    const counted = await monWed(t.admin, {
      recurrence: { freq: 'weekly', byWeekday: ['MO', 'WE'], count: 5 },
    });
    const until = await monWed(t.admin, {
      recurrence: { freq: 'weekly', byWeekday: ['MO', 'WE'], until: '2027-03-10' },
    });
    expect(dates(await occurrences(t.admin, ...MARCH, counted.id))).toEqual([
      '03-01T09:00',
      '03-03T09:00',
      '03-08T09:00',
      '03-10T09:00',
      '03-15T09:00',
    ]);
    expect(dates(await occurrences(t.admin, ...MARCH, until.id))).toEqual([
      '03-01T09:00',
      '03-03T09:00',
      '03-08T09:00',
      '03-10T09:00',
    ]);
    const split = await patch(
      t.admin,
      counted.id,
      { location: '线上' },
      {
        etag: '"1"',
        query: { scope: 'following', occurrence: '2027-03-08T01:00:00.000Z' },
      },
    );
    expect(split.body.recurrence).toMatchObject({ count: 3 });
    expect((await read(t.admin, counted.id)).body.recurrence).toMatchObject({ count: 2 });
    expect(dates(await occurrences(t.admin, ...MARCH, split.body.id))).toEqual([
      '03-08T09:00',
      '03-10T09:00',
      '03-15T09:00',
    ]);
  });

  it('keeps all-day events on local days and timed ones on local hours across a DST change', async () => {
    const ny = await provisionTenant({
      name: `纽约分公司-${Math.random()}`,
      admin: { name: '管理员' },
      timezone: 'America/New_York',
    });
    const nyAdmin = { tenantId: ny.tenant.id, userId: ny.admin.id };
    const sh = await import('#tests/support/tenants.ts').then((m) => m.newTenant());
    // 14 March 2027: New York springs forward (a 23-hour day).
    const nyDay = await event(nyAdmin, {
      title: '全天',
      allDay: true,
      startsAt: '2027-03-14',
      endsAt: '2027-03-14',
    });
    expect(nyDay).toMatchObject({ startsAt: '2027-03-14T05:00:00.000Z', endsAt: '2027-03-15T04:00:00.000Z' });
    const shDay = await event(sh.admin, {
      title: '全天',
      allDay: true,
      startsAt: '2027-03-14',
      endsAt: '2027-03-14',
    });
    expect(shDay).toMatchObject({ startsAt: '2027-03-13T16:00:00.000Z', endsAt: '2027-03-14T16:00:00.000Z' });
    const daily = await event(nyAdmin, {
      title: '每日全天',
      allDay: true,
      startsAt: '2027-03-13',
      endsAt: '2027-03-13',
      recurrence: { freq: 'daily', count: 3 },
    });
    const nyWeek = ['2027-03-10T00:00:00.000Z', '2027-03-20T00:00:00.000Z'] as const;
    expect((await occurrences(nyAdmin, ...nyWeek, daily.id)).map((o) => [o.startsAt, o.endsAt])).toEqual([
      ['2027-03-13T05:00:00.000Z', '2027-03-14T05:00:00.000Z'],
      ['2027-03-14T05:00:00.000Z', '2027-03-15T04:00:00.000Z'],
      ['2027-03-15T04:00:00.000Z', '2027-03-16T04:00:00.000Z'],
    ]);
    const weekly = await event(nyAdmin, {
      title: '周一晨会',
      startsAt: '2027-03-08T09:00:00-05:00',
      endsAt: '2027-03-08T09:30:00-05:00',
      recurrence: { freq: 'weekly', count: 2 },
    });
    expect(
      (await occurrences(nyAdmin, '2027-03-01T00:00:00.000Z', nyWeek[1], weekly.id)).map((o) => o.startsAt),
    ).toEqual(['2027-03-08T14:00:00.000Z', '2027-03-15T13:00:00.000Z']);
    // The all-day event is on the 14th of New York's calendar, and not on the 13th.
    expect(
      await occurrences(nyAdmin, '2027-03-13T05:00:00.000Z', '2027-03-14T05:00:00.000Z', nyDay.id),
    ).toEqual([]);
    expect(
      await occurrences(nyAdmin, '2027-03-14T05:00:00.000Z', '2027-03-15T04:00:00.000Z', nyDay.id),
    ).toHaveLength(1);
  });
});
