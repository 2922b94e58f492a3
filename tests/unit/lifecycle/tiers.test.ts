import { describe, expect, it } from 'vitest';
import { wonDeals } from '#lib/lifecycle/rules.ts';
import { DEFAULT_TIER_THRESHOLDS as T, tierOf } from '#lib/tiers.ts';

const NOW = new Date('2026-06-30T00:00:00.000Z');
const daysBefore = (days: number, ms = 0) => new Date(NOW.getTime() - days * 86_400_000 + ms).toISOString();
const tier = (wonDeals: number, lastActivityAt: string | null = daysBefore(1)) =>
  tierOf({ wonDeals, lastActivityAt }, T, NOW).tier;

describe('tiers by won deals (seed 003)', () => {
  it('is potential without a won deal', () => expect(tier(0)).toBe('potential'));
  it('is new with exactly one', () => expect(tier(1)).toBe('new'));
  it('is repeat from repeatDeals on', () => {
    expect(tier(T.repeatDeals - 1)).toBe('new');
    expect(tier(T.repeatDeals)).toBe('repeat');
  });
  it('is loyal from loyalDeals on', () => {
    expect(tier(T.loyalDeals - 1)).toBe('repeat');
    expect(tier(T.loyalDeals)).toBe('loyal');
    expect(tier(T.loyalDeals + 5)).toBe('loyal');
  });
  it('follows the tenant thresholds', () => {
    const th = { repeatDeals: 3, loyalDeals: 5, dormantDays: 30 };
    expect(tierOf({ wonDeals: 2, lastActivityAt: daysBefore(1) }, th, NOW).tier).toBe('new');
    expect(tierOf({ wonDeals: 5, lastActivityAt: daysBefore(1) }, th, NOW).tier).toBe('loyal');
  });
});

describe('dormancy', () => {
  it('falls due exactly dormantDays after the last activity', () => {
    expect(tier(1, daysBefore(T.dormantDays, 1))).toBe('new');
    expect(tier(1, daysBefore(T.dormantDays))).toBe('dormant');
    expect(tier(T.loyalDeals, daysBefore(T.dormantDays + 1))).toBe('dormant');
  });
  it('tells when a customer with deals will fall dormant', () => {
    expect(tierOf({ wonDeals: 2, lastActivityAt: daysBefore(10) }, T, NOW).dormantAt).toBe(
      daysBefore(10 - T.dormantDays),
    );
  });
  it('never makes a prospect dormant, however long it sleeps', () => {
    expect(tierOf({ wonDeals: 0, lastActivityAt: daysBefore(1000) }, T, NOW)).toEqual({
      tier: 'potential',
      dormantAt: null,
    });
  });
  it('has nothing to schedule once dormant', () => {
    expect(tierOf({ wonDeals: 3, lastActivityAt: daysBefore(500) }, T, NOW).dormantAt).toBeNull();
  });
});

describe('won deals', () => {
  const contract = (id: string, status: string, extra: object = {}) => ({
    id,
    kind: 'standard',
    status,
    signedOn: '2026-01-02',
    updatedAt: '2026-01-02T03:00:00.000Z',
    ...extra,
  });
  it('counts standing standard contracts, not drafts, terminated ones or supplements', () => {
    const out = wonDeals(
      [
        contract('a', 'signed'),
        contract('b', 'completed', { signedOn: '2026-03-01' }),
        contract('c', 'draft'),
        contract('d', 'terminated'),
        contract('e', 'signed', { kind: 'supplement' }),
      ],
      [],
    );
    expect(out).toEqual({ count: 2, lastWonAt: '2026-03-01T00:00:00.000Z' });
  });
  it('counts a won opportunity and the contract signed for it as one deal', () => {
    const out = wonDeals(
      [contract('a', 'signed', { opportunityId: 'o1' })],
      [
        { id: 'o1', status: 'won', closedAt: '2026-01-01T00:00:00.000Z' },
        { id: 'o2', status: 'won', closedAt: '2026-04-01T00:00:00.000Z' },
        { id: 'o3', status: 'lost', closedAt: '2026-05-01T00:00:00.000Z' },
      ],
    );
    expect(out).toEqual({ count: 2, lastWonAt: '2026-04-01T00:00:00.000Z' });
  });
});
