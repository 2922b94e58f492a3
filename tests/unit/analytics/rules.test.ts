import { describe, expect, it } from 'vitest';
import {
  bucketRanges,
  contributions,
  delta,
  localDate,
  POOL_OWNER,
  periodOf,
  periodsBetween,
  sum,
  targetPeriodRange,
} from '#lib/analytics/rules.ts';

const ZONE = 'Asia/Shanghai';
const customer = (over: Record<string, unknown> = {}) => ({
  type: 'customer',
  state: 'active',
  ownerId: 'U1',
  createdBy: 'U1',
  createdAt: '2026-11-24T17:00:00.000Z', // 2026-11-25 01:00 in Shanghai
  sourceId: 'S1',
  levelId: null,
  won: false,
  lastDealAt: null,
  lastFollowUpAt: null,
  ...over,
});
const find = (counters: ReturnType<typeof contributions>, owner: string, bucket: string, metric: string) =>
  counters.find((c) => c.owner === owner && c.bucket === bucket && c.metric === metric)?.n ?? 0;

describe('contributions', () => {
  it('counts an active customer under its owner by every dimension, and its creation on the local day and month', () => {
    const counters = contributions(customer(), ZONE);
    expect(find(counters, 'U1', 'state', 'customers')).toBe(1);
    expect(find(counters, 'U1', 'state', 'source:S1')).toBe(1);
    expect(find(counters, 'U1', 'state', 'level:-')).toBe(1);
    expect(find(counters, 'U1', 'D#2026-11-25', 'created')).toBe(1);
    expect(find(counters, 'U1', 'M#2026-11', 'created')).toBe(1);
  });

  it('counts a pool customer under the pool, and nothing for a customer in the recycle bin', () => {
    expect(
      find(contributions(customer({ state: 'pool', ownerId: null }), ZONE), POOL_OWNER, 'state', 'customers'),
    ).toBe(1);
    expect(contributions(customer({ state: 'recycled' }), ZONE)).toEqual([]);
  });

  it('counts follow-ups by author, won and followed customers by owner, contracts once signed, payments by owner', () => {
    expect(
      find(
        contributions({ type: 'followup', authorId: 'U2', occurredAt: '2026-11-01T00:00:00Z' }, ZONE),
        'U2',
        'D#2026-11-01',
        'followups',
      ),
    ).toBe(1);
    const won = contributions(
      customer({ won: true, lastDealAt: '2026-10-31T16:30:00Z', lastFollowUpAt: '2026-11-02T01:00:00Z' }),
      ZONE,
    );
    expect(find(won, 'U1', 'D#2026-11-01', 'won')).toBe(1);
    expect(find(won, 'U1', 'D#2026-11-02', 'followed')).toBe(1);
    const contract = {
      type: 'contract',
      ownerId: 'U1',
      signedOn: '2026-11-03',
      totalFen: 1000,
      receivedFen: 300,
      outstandingFen: 700,
    };
    expect(contributions({ ...contract, status: 'draft' }, ZONE)).toEqual([]);
    expect(contributions({ ...contract, status: 'terminated' }, ZONE)).toEqual([]);
    // Contract approval (lib/approvals): waiting or refused contracts are not deals.
    expect(contributions({ ...contract, status: 'pending_approval' }, ZONE)).toEqual([]);
    expect(contributions({ ...contract, status: 'rejected' }, ZONE)).toEqual([]);
    const signed = contributions({ ...contract, status: 'signed' }, ZONE);
    expect(find(signed, 'U1', 'M#2026-11', 'contractFen')).toBe(1000);
    expect(find(signed, 'U1', 'M#2026-11', 'outstandingFen')).toBe(700);
    expect(
      find(
        contributions(
          { type: 'payment', ownerId: 'U3', createdBy: 'U1', receivedOn: '2026-11-04', amountFen: 300 },
          ZONE,
        ),
        'U3',
        'D#2026-11-04',
        'receivedFen',
      ),
    ).toBe(300);
  });

  it('ignores items that are not counted', () => {
    expect(contributions({ type: 'plan', ownerId: 'U1' }, ZONE)).toEqual([]);
    expect(contributions(undefined, ZONE)).toEqual([]);
  });
});

describe('delta', () => {
  it('moves a transferred customer from the old owner to the new one and leaves its creator credited', () => {
    const d = delta(customer(), customer({ ownerId: 'U2' }), ZONE);
    expect(find(d, 'U1', 'state', 'customers')).toBe(-1);
    expect(find(d, 'U2', 'state', 'customers')).toBe(1);
    expect(find(d, 'U1', 'D#2026-11-25', 'created')).toBe(0);
  });

  it('is empty for a change that counts nothing (a new address)', () => {
    expect(delta(customer(), customer({ address: '北京' }), ZONE)).toEqual([]);
  });

  it('telescopes: the deltas of a history add up to the contributions of its last state', () => {
    const states = [
      undefined,
      customer(),
      customer({ sourceId: 'S2' }),
      customer({ state: 'pool', ownerId: null }),
      customer({ ownerId: 'U3' }),
    ];
    const deltas = states.slice(1).flatMap((next, i) => delta(states[i], next, ZONE));
    expect(sum(deltas)).toEqual(expect.arrayContaining(sum(contributions(states.at(-1), ZONE))));
    expect(sum(deltas)).toHaveLength(sum(contributions(states.at(-1), ZONE)).length);
  });
});

describe('periods', () => {
  it('takes the local date in the tenant time zone', () => {
    expect(localDate('2026-11-24T15:59:59Z', ZONE)).toBe('2026-11-24');
    expect(localDate('2026-11-24T16:00:00Z', ZONE)).toBe('2026-11-25');
  });

  it('names weeks by their Monday, quarters and years', () => {
    expect(periodOf('2026-11-29', 'week')).toBe('2026-11-23');
    expect(periodOf('2026-11-30', 'week')).toBe('2026-11-30');
    expect(periodOf('2026-11-30', 'quarter')).toBe('2026-Q4');
    expect(periodsBetween('2026-11-28', '2026-12-01', 'day')).toEqual([
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
    expect(periodsBetween('2026-01-15', '2026-07-01', 'quarter')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
  });

  it('covers a range exactly with whole months as month buckets and the edges as days', () => {
    expect(bucketRanges('2026-01-15', '2026-04-10')).toEqual([
      ['D#2026-01-15', 'D#2026-01-31'],
      ['M#2026-02', 'M#2026-03'],
      ['D#2026-04-01', 'D#2026-04-10'],
    ]);
    expect(bucketRanges('2026-02-01', '2026-02-28')).toEqual([['M#2026-02', 'M#2026-02']]);
    expect(bucketRanges('2026-02-03', '2026-02-20')).toEqual([['D#2026-02-03', 'D#2026-02-20']]);
    expect(bucketRanges('2026-02-03', '2026-05-20', 'month')).toEqual([['M#2026-02', 'M#2026-05']]);
  });

  it('spans target periods', () => {
    expect(targetPeriodRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(targetPeriodRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(targetPeriodRange('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});
