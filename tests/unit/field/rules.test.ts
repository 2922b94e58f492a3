import { describe, expect, it } from 'vitest';
import {
  type CellEntry,
  inNearbyView,
  nearbyPage,
  periodOf,
  placeOf,
  visitSeries,
} from '#lib/field/rules.ts';

describe('placeOf', () => {
  it('gives the distance to the customer and flags a check-in beyond the radius as offsite', () => {
    const customer = { lat: 31.2304, lng: 121.4737 };
    expect(placeOf({ lat: 31.2304, lng: 121.4737 }, customer, 500)).toEqual({ distanceM: 0, offsite: false });
    expect(placeOf({ lat: 31.2349, lng: 121.4737 }, customer, 500)).toEqual({
      distanceM: 500,
      offsite: false,
    });
    expect(placeOf({ lat: 31.2404, lng: 121.4737 }, customer, 500)).toMatchObject({ offsite: true });
  });

  it('has neither without a customer location', () => {
    expect(placeOf({ lat: 1, lng: 1 }, null, 500)).toEqual({ distanceM: null, offsite: null });
  });
});

const entry = (over: Partial<CellEntry>): CellEntry => ({
  customerId: 'C',
  name: 'n',
  lat: 0,
  lng: 0,
  state: 'active',
  ownerId: 'owner',
  ownerName: 'o',
  ownerRolePath: '/r/m/rep',
  poolId: null,
  private: false,
  shares: [],
  ...over,
});

describe('inNearbyView', () => {
  const manager = { userId: 'm', rolePath: '/r/m', isAdmin: false, seesCompany: false };
  const peer = { userId: 'p', rolePath: '/r/m/rep', isAdmin: false, seesCompany: true };

  it('keeps subordinates’ customers for a superior, not a peer’s', () => {
    expect(inNearbyView(manager, 'subordinates', entry({}))).toBe(true);
    expect(inNearbyView(peer, 'subordinates', entry({}))).toBe(false);
  });

  it('hides a private customer in the company view from who sees it only by permission', () => {
    expect(inNearbyView(peer, 'company', entry({ private: true }))).toBe(false);
    expect(inNearbyView(peer, 'company', entry({ private: true, shares: ['p'] }))).toBe(true);
    expect(inNearbyView(manager, 'company', entry({ private: true }))).toBe(true);
    expect(inNearbyView(peer, 'company', entry({}))).toBe(true);
  });
});

describe('nearbyPage', () => {
  const found = [
    { id: 'B', distanceM: 20 },
    { id: 'A', distanceM: 20 },
    { id: 'C', distanceM: 5 },
  ];

  it('orders nearest first (ties by id) and continues after the cursor', () => {
    const first = nearbyPage(found, { limit: 2 }, 't', 'q');
    expect(first.items.map((r) => r.id)).toEqual(['C', 'A']);
    const second = nearbyPage(found, { limit: 2, cursor: first.nextCursor as string }, 't', 'q');
    expect(second).toEqual({ items: [{ id: 'B', distanceM: 20 }], nextCursor: null });
  });

  it('refuses a cursor of another tenant or search', () => {
    const { nextCursor } = nearbyPage(found, { limit: 1 }, 't', 'q');
    expect(() => nearbyPage(found, { limit: 1, cursor: nextCursor as string }, 'other', 'q')).toThrow(
      'cursor is not valid',
    );
    expect(() => nearbyPage(found, { limit: 1, cursor: 'garbage' }, 't', 'q')).toThrow('cursor is not valid');
  });
});

describe('visit series', () => {
  it('starts weeks on Monday and months on the first', () => {
    expect(periodOf('2026-12-06', 'week')).toBe('2026-11-30');
    expect(periodOf('2026-12-07', 'week')).toBe('2026-12-07');
    expect(periodOf('2026-12-31', 'month')).toBe('2026-12-01');
  });

  it('counts visits at customers per tenant-local day with the offsite share, empty days as zeros', () => {
    const series = visitSeries(
      [
        // 23:30 UTC on the 1st is the 2nd in Shanghai.
        { checkedInAt: '2026-12-01T23:30:00.000Z', customerId: 'C1', offsite: true },
        { checkedInAt: '2026-12-02T02:00:00.000Z', customerId: 'C2', offsite: false },
        { checkedInAt: '2026-12-02T03:00:00.000Z', customerId: null, offsite: null },
      ],
      { from: '2026-12-01', to: '2026-12-03', interval: 'day' },
      'Asia/Shanghai',
    );
    expect(series.series).toEqual([
      { period: '2026-12-01', visits: 0, offsite: 0, offsiteShare: null },
      { period: '2026-12-02', visits: 2, offsite: 1, offsiteShare: 0.5 },
      { period: '2026-12-03', visits: 0, offsite: 0, offsiteShare: null },
    ]);
    expect(series.total).toEqual({ visits: 2, offsite: 1, offsiteShare: 0.5 });
  });
});
