import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as listFollowUps } from '#functions/followups/list-followups.ts';
import { handler as getPool } from '#functions/pool/get-pool.ts';
import { handler as updatePool } from '#functions/pool/update-pool.ts';
import { setClock } from '#lib/clock.ts';
import { setSettings } from '#tests/integration/customers/world.ts';
import { invoke } from '#tests/support/api.ts';
import {
  checkIn,
  checkins,
  checkOut,
  create,
  offset,
  PEOPLES_SQUARE,
  visits,
  type World,
  world,
} from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

const at = (iso: string) => setClock(new Date(iso));
const customer = (as: World['owner'], id: string) =>
  invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } });

describe('POST /v1/checkins', () => {
  it('at a customer records the distance, offsite within the radius, and a follow-up with channel 拜访', async () => {
    const c = await create(w.owner, { location: PEOPLES_SQUARE });
    const res = await checkIn(w.owner, {
      customerId: c.id,
      location: { ...offset(PEOPLES_SQUARE, 120, 0), accuracyM: 15 },
      address: '人民广场',
      note: '上门拜访，带了样品',
    });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      customerId: c.id,
      userId: w.owner.userId,
      distanceM: 120,
      offsite: false,
      radiusM: 500,
      accuracyM: 15,
      checkedOutAt: null,
    });
    const records = await invoke('GET /v1/customers/{id}/followups', listFollowUps, {
      as: w.owner,
      params: { id: c.id },
    });
    expect(records.body.items).toHaveLength(1);
    expect(records.body.items[0]).toMatchObject({ id: res.body.followupId, content: '上门拜访，带了样品' });
    expect(records.body.items[0].channel).toEqual(expect.any(String));
    expect((await customer(w.owner, c.id)).body.lastFollowUpAt).toBe(res.body.checkedInAt);
  });

  it('flags a check-in beyond the tenant’s checkinRadiusM as offsite', async () => {
    const t = await world();
    await setSettings(t.tenantId, { checkinRadiusM: 100 });
    const c = await create(t.owner, { location: PEOPLES_SQUARE });
    const res = await checkIn(t.owner, { customerId: c.id, location: offset(PEOPLES_SQUARE, 120, 0) });
    expect(res.body).toMatchObject({ distanceM: 120, offsite: true, radiusM: 100 });
  });

  it('takes GCJ-02 coordinates and stores WGS-84', async () => {
    const res = await checkIn(w.owner, { location: { lat: 39.915, lng: 116.404 }, coordSystem: 'gcj02' });
    expect(res.status).toBe(201);
    expect(res.body.location.lng).toBeCloseTo(116.3977555, 5);
    expect(res.body).toMatchObject({ customerId: null, distanceM: null, offsite: null, followupId: null });
  });

  it('pushes reclaimAt of a customer bound for the pool, exactly like a follow-up', async () => {
    const t = await world();
    at('2024-06-01T00:00:00.000Z');
    const pool = await invoke('GET /v1/pools/{id}', getPool, { as: t.admin, params: { id: 'default' } });
    await invoke('PATCH /v1/pools/{id}', updatePool, {
      as: t.admin,
      params: { id: 'default' },
      headers: { 'if-match': pool.headers.etag as string },
      body: { reclaim: { enabled: true, noFollowUpDays: 30 } },
    });
    const c = await create(t.owner, { location: PEOPLES_SQUARE });
    expect((await customer(t.owner, c.id)).body.reclaimAt).toBe('2024-07-01T00:00:00.000Z');

    at('2024-06-20T00:00:00.000Z');
    expect((await checkIn(t.owner, { customerId: c.id, location: PEOPLES_SQUARE })).status).toBe(201);

    expect((await customer(t.owner, c.id)).body).toMatchObject({
      reclaimAt: '2024-07-20T00:00:00.000Z',
      lastFollowUpAt: '2024-06-20T00:00:00.000Z',
    });
  });

  it('at a customer the caller may not work is refused like a follow-up, writing nothing', async () => {
    const c = await create(w.owner, { location: PEOPLES_SQUARE });
    expect((await checkIn(w.peer, { customerId: c.id, location: PEOPLES_SQUARE })).status).toBe(404);
    expect((await checkIn(w.outsider, { customerId: c.id, location: PEOPLES_SQUARE })).status).toBe(404);
    expect((await checkIn(w.assistant, { customerId: c.id, location: PEOPLES_SQUARE })).status).toBe(403);
    expect(
      (await checkins(w.peer)).body.items.filter((i: { customerId: string }) => i.customerId === c.id),
    ).toEqual([]);
  });

  it('answers a retry with the same Idempotency-Key with the first check-in, writing one visit', async () => {
    const c = await create(w.owner, { location: PEOPLES_SQUARE });
    const headers = { 'idempotency-key': `checkin-${c.id}` };
    const body = { customerId: c.id, location: PEOPLES_SQUARE };
    const [a, b] = [await checkIn(w.owner, body, headers), await checkIn(w.owner, body, headers)];
    expect(b.body.id).toBe(a.body.id);
    const records = await invoke('GET /v1/customers/{id}/followups', listFollowUps, {
      as: w.owner,
      params: { id: c.id },
    });
    expect(records.body.items).toHaveLength(1);
  });

  it.each([
    [{ location: { lat: 91, lng: 0 } }, 'body.location.lat'],
    [{ location: { lat: 0 } }, 'body.location.lng'],
    [{ location: { lat: 0, lng: 0 }, coordSystem: 'bd09' }, 'body.coordSystem'],
    [{ location: { lat: 0, lng: 0 }, attachmentIds: ['nope'] }, 'body.attachmentIds.0'],
    [{ location: { lat: 0, lng: 0 }, customerId: 'nope' }, 'body.customerId'],
  ])('answers bad input %j with 400 at %s', async (body, path) => {
    const res = await checkIn(w.owner, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('checkout and lists', () => {
  it('checks out once with the visit’s duration; only who checked in', async () => {
    const t = await world();
    at('2024-06-03T01:00:00.000Z');
    const made = await checkIn(t.owner, { location: PEOPLES_SQUARE });
    at('2024-06-03T01:45:30.000Z');
    expect((await checkOut(t.manager, made.body.id)).status).toBe(403);
    expect((await checkOut(t.peer, made.body.id)).status).toBe(404);
    const out = await checkOut(t.owner, made.body.id);
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ checkedOutAt: '2024-06-03T01:45:30.000Z', durationS: 2730, version: 2 });
    expect((await checkOut(t.owner, made.body.id)).body.code).toBe('already_checked_out');
  });

  it('lists a user’s check-ins by tenant-local day, for themself and their superiors only', async () => {
    const t = await world();
    // 2024-06-03 in Shanghai runs from 2024-06-02T16:00Z to 2024-06-03T15:59:59Z.
    at('2024-06-02T15:59:00.000Z');
    const before = await checkIn(t.owner, { location: PEOPLES_SQUARE });
    at('2024-06-02T16:01:00.000Z');
    const first = await checkIn(t.owner, { location: PEOPLES_SQUARE });
    at('2024-06-03T15:00:00.000Z');
    const second = await checkIn(t.owner, { location: PEOPLES_SQUARE });

    const mine = await checkins(t.owner, { from: '2024-06-03', to: '2024-06-03' });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id, first.body.id]);
    const today = await checkins(t.owner);
    expect(today.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id, first.body.id]);
    const theDayBefore = await checkins(t.owner, { from: '2024-06-02' });
    expect(theDayBefore.body.items.map((i: { id: string }) => i.id)).toEqual([before.body.id]);

    const asManager = await checkins(t.manager, { userId: t.owner.userId, from: '2024-06-03' });
    expect(asManager.body.items).toHaveLength(2);
    expect((await checkins(t.peer, { userId: t.owner.userId })).status).toBe(403);
    expect((await checkins(t.outsider, { userId: t.owner.userId })).status).toBe(404);
    expect((await checkins(t.owner, { from: '2024-06-04', to: '2024-06-03' })).status).toBe(400);
  });

  it('pages a day with cursors', async () => {
    const t = await world();
    at('2024-06-03T02:00:00.000Z');
    for (let i = 0; i < 3; i += 1) await checkIn(t.owner, { location: offset(PEOPLES_SQUARE, i, 0) });
    const first = await checkins(t.owner, { limit: '2' });
    const second = await checkins(t.owner, { limit: '2', cursor: first.body.nextCursor });
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('GET /v1/analytics/visits', () => {
  it('counts a rep’s visits per day with the offsite share, for the rep and their superior', async () => {
    const t = await world();
    await setSettings(t.tenantId, { checkinRadiusM: 100 });
    const c = await create(t.owner, { location: PEOPLES_SQUARE });
    at('2024-06-03T02:00:00.000Z');
    await checkIn(t.owner, { customerId: c.id, location: PEOPLES_SQUARE });
    at('2024-06-03T05:00:00.000Z');
    await checkIn(t.owner, { customerId: c.id, location: offset(PEOPLES_SQUARE, 300, 0) });
    at('2024-06-04T05:00:00.000Z');
    await checkIn(t.owner, { location: PEOPLES_SQUARE });

    const query = { from: '2024-06-03', to: '2024-06-04', interval: 'day' };
    const res = await visits(t.owner, query);
    expect(res.body.series).toEqual([
      { period: '2024-06-03', visits: 2, offsite: 1, offsiteShare: 0.5 },
      { period: '2024-06-04', visits: 0, offsite: 0, offsiteShare: null },
    ]);
    expect((await visits(t.manager, { ...query, userId: t.owner.userId })).body.total).toEqual({
      visits: 2,
      offsite: 1,
      offsiteShare: 0.5,
    });
    expect((await visits(t.peer, { ...query, userId: t.owner.userId })).status).toBe(403);
  });
});
