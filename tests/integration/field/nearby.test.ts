import gcoordModule from 'gcoord';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as mergeCustomers } from '#functions/customers/merge-customers.ts';
import { handler as restoreCustomer } from '#functions/customers/restore-customer.ts';
import { handler as releaseCustomer } from '#functions/pool/release-customer.ts';
import { distanceM, toWgs84 } from '#lib/geo.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { invoke, itemsRead } from '#tests/support/api.ts';
import { create, nearby, offset, PEOPLES_SQUARE, patch, type World, world } from './world.ts';

// gcoord is CommonJS; its types declare the export as `default` (see lib/geo.ts).
const gcoord = gcoordModule as unknown as typeof gcoordModule.default;

let w: World;
/** The owner's customers: name -> location. */
const placed = new Map<string, { id: string; location: { lat: number; lng: number } }>();

beforeAll(async () => {
  w = await world();
  const spots: Array<[string, number, number]> = [
    ['近', 50, 0],
    ['中', 300, 400],
    ['远', -900, 0],
    ['边', 0, 1000],
    ['外', 2500, 2500],
  ];
  for (const [label, north, east] of spots) {
    const location = offset(PEOPLES_SQUARE, north, east);
    const c = await create(w.owner, { name: `附近测试${label}${w.tenantId.slice(-6)}公司`, location });
    placed.set(label, { id: c.id, location });
  }
});

const names = (res: { body: { items: Array<{ name: string }> } }) => res.body.items.map((i) => i.name);

describe('GET /v1/customers/nearby', () => {
  it('lists my customers within the radius, nearest first, as a brute-force distance filter would', async () => {
    for (const radiusM of [100, 600, 1000, 1500, 5000]) {
      const res = await nearby(w.owner, { ...PEOPLES_SQUARE, radiusM });
      expect(res.status).toBe(200);
      const brute = [...placed.values()]
        .map((p) => ({ id: p.id, d: distanceM(PEOPLES_SQUARE, p.location) }))
        .filter((p) => p.d <= radiusM)
        .sort((a, b) => a.d - b.d);
      expect(
        res.body.items.map((i: { id: string }) => i.id),
        `radius ${radiusM}`,
      ).toEqual(brute.map((p) => p.id));
      expect(res.body.items.map((i: { distanceM: number }) => i.distanceM)).toEqual(
        brute.map((p) => Math.round(p.d)),
      );
    }
  });

  it('reads about what it returns (cells near the circle only)', async () => {
    const res = await nearby(w.owner, { ...PEOPLES_SQUARE, radiusM: 1500 });
    // Authentication reads 2 items; the cells read the 4 customers within 1.5 km and none beyond.
    expect(itemsRead(res)).toBeLessThanOrEqual(2 + 2 * res.body.items.length);
  });

  it('pages with a cursor bound to the search', async () => {
    const first = await nearby(w.owner, { ...PEOPLES_SQUARE, radiusM: 5000, limit: 2 });
    expect(names(first)).toHaveLength(2);
    const second = await nearby(w.owner, {
      ...PEOPLES_SQUARE,
      radiusM: 5000,
      limit: 2,
      cursor: first.body.nextCursor,
    });
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([
      placed.get('远')?.id,
      placed.get('边')?.id,
    ]);
    const elsewhere = await nearby(w.owner, {
      ...PEOPLES_SQUARE,
      radiusM: 4000,
      cursor: first.body.nextCursor,
    });
    expect(elsewhere.status).toBe(400);
  });

  it('takes GCJ-02 search points and converts them', async () => {
    // What a Chinese map (GCJ-02) shows for the owner's nearest customer: 400-odd metres off in WGS-84.
    const near = placed.get('近') as { id: string; location: { lat: number; lng: number } };
    const [lng, lat] = gcoord.transform([near.location.lng, near.location.lat], gcoord.WGS84, gcoord.GCJ02);
    const gcj = { lat: lat as number, lng: lng as number };
    expect(distanceM(gcj, near.location)).toBeGreaterThan(300);

    const res = await nearby(w.owner, { ...gcj, coordSystem: 'gcj02', radiusM: 20 });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([near.id]);
    expect(res.body.items[0].distanceM).toBeLessThanOrEqual(2);
  });

  it('sees each view as the data scope says: mine, subordinates, company, pool; other tenants nothing', async () => {
    const q = { ...PEOPLES_SQUARE, radiusM: 1500 };
    const count = async (as: World['owner'], view: string) => {
      const res = await nearby(as, { ...q, view });
      return res.status === 200 ? res.body.items.length : res.status;
    };
    expect({
      ownerMine: await count(w.owner, 'mine'),
      peerMine: await count(w.peer, 'mine'),
      managerSubordinates: await count(w.manager, 'subordinates'),
      peerSubordinates: await count(w.peer, 'subordinates'),
      assistantCompany: await count(w.assistant, 'company'),
      adminCompany: await count(w.admin, 'company'),
      ownerCompany: await count(w.owner, 'company'),
      outsiderCompany: await count(w.outsider, 'company'),
    }).toEqual({
      ownerMine: 4,
      peerMine: 0,
      managerSubordinates: 4,
      peerSubordinates: 0,
      assistantCompany: 4,
      adminCompany: 4,
      ownerCompany: 403,
      outsiderCompany: 0,
    });
  });

  it('finds a released customer in the pool view, for every rep, and no longer in its owner’s', async () => {
    const t = await world();
    const location = offset(PEOPLES_SQUARE, 10, 10);
    const c = await create(t.owner, { location });
    const [reason] = await listDictionary(t.tenantId, 'poolReason');
    const released = await invoke('POST /v1/customers/{id}/release', releaseCustomer, {
      as: t.owner,
      params: { id: c.id },
      body: { reasonId: reason?.id },
    });
    expect(released.status).toBe(200);

    expect(names(await nearby(t.peer, { ...PEOPLES_SQUARE, view: 'pool' }))).toEqual([c.name]);
    expect(names(await nearby(t.owner, { ...PEOPLES_SQUARE, view: 'mine' }))).toEqual([]);
    expect(names(await nearby(t.outsider, { ...PEOPLES_SQUARE, view: 'pool' }))).toEqual([]);
  });

  it('follows a location change and a removed location in the same write', async () => {
    const t = await world();
    const c = await create(t.owner, { location: PEOPLES_SQUARE });
    expect(names(await nearby(t.owner, PEOPLES_SQUARE))).toEqual([c.name]);

    const far = offset(PEOPLES_SQUARE, 8000, 0);
    const moved = await patch(t.owner, c.id, c.version, { location: far });
    expect(moved.status).toBe(200);
    expect(moved.body.location).toEqual(far);
    expect(names(await nearby(t.owner, PEOPLES_SQUARE))).toEqual([]);
    expect(names(await nearby(t.owner, { ...far }))).toEqual([c.name]);

    const cleared = await patch(t.owner, c.id, moved.body.version, { location: null });
    expect(cleared.body.location).toBeNull();
    expect(names(await nearby(t.owner, { ...far, radiusM: 20000 }))).toEqual([]);
  });

  it('stores a customer’s GCJ-02 location as WGS-84', async () => {
    const gcj = { lat: 39.915, lng: 116.404 };
    const c = await create(w.owner, { location: gcj, coordSystem: 'gcj02' });
    expect(c.location).toEqual(toWgs84(gcj, 'gcj02'));
    expect(distanceM(c.location, gcj)).toBeGreaterThan(100);
  });

  it.each([
    [{ lat: 91, lng: 121 }, 'query.lat'],
    [{ lat: 31, lng: 121, radiusM: 20001 }, 'query.radiusM'],
    [{ lat: 31, lng: 121, view: 'shared' }, 'query.view'],
    [{ lng: 121 }, 'query.lat'],
    [{ lat: 31, lng: 121, limit: 201 }, 'query.limit'],
  ])('answers bad input %j with 400 at %s', async (query, path) => {
    const res = await nearby(w.owner, query as Record<string, number>);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses a customer location out of range, changing nothing', async () => {
    const res = await patch(w.owner, placed.get('近')?.id as string, 1, { location: { lat: 95, lng: 0 } });
    expect(res.status).toBe(400);
  });
});

describe('cells follow the customer through the bin and a merge', () => {
  it('leaves nearby in the recycle bin and comes back on restore', async () => {
    const t = await world();
    const c = await create(t.owner, { location: PEOPLES_SQUARE });
    expect(
      (await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: t.owner, params: { id: c.id } }))
        .status,
    ).toBe(204);
    expect(names(await nearby(t.owner, { ...PEOPLES_SQUARE }))).toEqual([]);
    expect(names(await nearby(t.admin, { ...PEOPLES_SQUARE, view: 'company' }))).toEqual([]);

    await invoke('POST /v1/customers/{id}/restore', restoreCustomer, { as: t.owner, params: { id: c.id } });
    expect(names(await nearby(t.owner, { ...PEOPLES_SQUARE }))).toEqual([c.name]);
  });

  it('takes a merged source’s cells away with it', async () => {
    const t = await world();
    const target = await create(t.owner);
    const source = await create(t.owner, { location: PEOPLES_SQUARE });
    const merged = await invoke('POST /v1/customers/merge', mergeCustomers, {
      as: t.admin,
      body: { targetId: target.id, sourceIds: [source.id] },
    });
    expect(merged.status).toBe(200);
    expect(names(await nearby(t.owner, { ...PEOPLES_SQUARE }))).toEqual([]);
  });
});
