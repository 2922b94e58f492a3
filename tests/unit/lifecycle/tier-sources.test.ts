import { describe, expect, it } from 'vitest';
import { canMoveTier } from '#lib/lifecycle/rules.ts';

type Item = Record<string, unknown>;

const customer: Item = {
  pk: 'T#t1#C#c1',
  sk: 'CUSTOMER',
  type: 'customer',
  id: 'c1',
  name: '甲公司',
  version: 3,
  tags: ['a'],
  tier: 'potential',
  tierSince: '2026-01-01T00:00:00.000Z',
};
const contract: Item = {
  pk: 'T#t1#C#c1',
  sk: 'CONTRACT#k1',
  type: 'contract',
  id: 'k1',
  customerId: 'c1',
  kind: 'standard',
  status: 'signed',
  signedOn: '2026-01-05',
  opportunityId: null,
  receivedFen: 0,
  updatedAt: '2026-01-05T08:00:00.000Z',
};
const opportunity: Item = {
  pk: 'T#t1#C#c1',
  sk: 'OPP#o1',
  type: 'opportunity',
  id: 'o1',
  customerId: 'c1',
  status: 'open',
  stage: 'initial',
  closedAt: null,
};

describe('canMoveTier', () => {
  it('holds for every insert and removal', () => {
    expect(canMoveTier(undefined, customer)).toBe(true);
    expect(canMoveTier(contract, undefined)).toBe(true);
  });

  it('holds for any change of a customer but the tier the lifecycle wrote', () => {
    expect(canMoveTier(customer, { ...customer, tier: 'new', tierSince: '2026-02-01T00:00:00.000Z' })).toBe(
      false,
    );
    expect(canMoveTier(customer, { ...customer, name: '乙公司', version: 4 })).toBe(true);
    expect(canMoveTier(customer, { ...customer, tags: ['a', 'b'] })).toBe(true);
  });

  it('is false for a payment booked on a signed contract, true when its share in the won deals changes', () => {
    const paid = { ...contract, receivedFen: 3_000, updatedAt: '2026-03-15T08:00:00.000Z' };
    expect(canMoveTier(contract, paid)).toBe(false);
    expect(canMoveTier(contract, { ...contract, status: 'terminated' })).toBe(true);
    expect(canMoveTier(contract, { ...contract, signedOn: '2026-01-06' })).toBe(true);
    expect(canMoveTier(contract, { ...contract, opportunityId: 'o1' })).toBe(true);
    expect(canMoveTier(contract, { ...contract, customerId: 'c2' })).toBe(true);
    const draft = { ...contract, status: 'draft' };
    expect(canMoveTier(draft, { ...draft, receivedFen: 1 })).toBe(false);
    expect(canMoveTier(draft, contract)).toBe(true);
  });

  it('follows the last change of a signed contract without a signing date (its won instant)', () => {
    const undated = { ...contract, signedOn: null };
    expect(canMoveTier(undated, { ...undated, updatedAt: '2026-03-15T08:00:00.000Z' })).toBe(true);
  });

  it('is false for an opportunity moving between open stages, true when it is won or lost', () => {
    expect(canMoveTier(opportunity, { ...opportunity, stage: 'proposal' })).toBe(false);
    const won = { ...opportunity, status: 'won', closedAt: '2026-02-01T00:00:00.000Z' };
    expect(canMoveTier(opportunity, won)).toBe(true);
    expect(canMoveTier(won, { ...won, status: 'lost' })).toBe(true);
    expect(
      canMoveTier({ ...opportunity, status: 'lost' }, { ...opportunity, status: 'lost', stage: 'x' }),
    ).toBe(false);
  });
});
