import { describe, expect, it } from 'vitest';
import type { Permission } from '#lib/org/permissions.ts';
import { reclaimFields } from '#lib/ownership/reclaim.ts';
import {
  computeReclaim,
  computeReclaimAt,
  DEFAULT_POOL_ID,
  defaultPool,
  dueBy,
  isMember,
  isOpenPool,
  type PoolRules,
  poolNameKey,
  type ReclaimSubject,
} from '#lib/ownership/rules.ts';
import {
  canAssign,
  cooldownCutoff,
  inCooldown,
  localDate,
  mergeReclaim,
  reclaimChanged,
  reclaimErrors,
} from '#lib/pool/rules.ts';
import type { ReclaimRules } from '#lib/pool/schemas.ts';

const T0 = '2025-03-01T00:00:00.000Z';
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();

const reclaim = (over: Partial<ReclaimRules> = {}): ReclaimRules => ({
  enabled: true,
  noFollowUpDays: 30,
  noDealDays: null,
  byLevel: {},
  warnDays: 3,
  excludeWon: true,
  ...over,
});
const rulesOf = (byPool: Record<string, ReclaimRules>): PoolRules => ({ byPool });
const defaultRules = (over: Partial<ReclaimRules> = {}) => rulesOf({ [DEFAULT_POOL_ID]: reclaim(over) });

const owned = (over: Partial<ReclaimSubject> = {}): ReclaimSubject => ({
  ownerId: 'U1',
  state: 'active',
  createdAt: T0,
  ownedSince: T0,
  ...over,
});

describe('computeReclaim', () => {
  it('counts noFollowUpDays from when the owner got the customer when it was never followed up', () => {
    expect(computeReclaim(owned(), defaultRules())).toEqual({
      poolId: DEFAULT_POOL_ID,
      at: day(30),
      warnAt: day(27),
      cause: 'noFollowUp',
    });
  });

  it('counts from the last follow-up when it is later than the ownership', () => {
    expect(computeReclaimAt(owned({ lastFollowUpAt: day(10) }), defaultRules())).toBe(day(40));
  });

  it('counts from the ownership when the last follow-up was by an earlier owner', () => {
    expect(computeReclaimAt(owned({ lastFollowUpAt: day(-5), ownedSince: day(2) }), defaultRules())).toBe(
      day(32),
    );
  });

  it('falls back to createdAt on records without ownedSince', () => {
    expect(computeReclaimAt(owned({ ownedSince: undefined }), defaultRules())).toBe(day(30));
  });

  it('takes the earlier of the follow-up and the deal rule, and says which', () => {
    const rules = defaultRules({ noFollowUpDays: 30, noDealDays: 20 });
    expect(computeReclaim(owned({ lastFollowUpAt: day(5) }), rules)).toMatchObject({
      at: day(20),
      cause: 'noDeal',
    });
    expect(computeReclaim(owned({ lastDealAt: day(25) }), rules)).toMatchObject({
      at: day(30),
      cause: 'noFollowUp',
    });
  });

  it('uses the days of the customer level instead of noFollowUpDays', () => {
    const rules = defaultRules({ byLevel: { LEVEL_A: 60 } });
    expect(computeReclaimAt(owned({ levelId: 'LEVEL_A' }), rules)).toBe(day(60));
    expect(computeReclaimAt(owned({ levelId: 'LEVEL_B' }), rules)).toBe(day(30));
  });

  it('applies level days even when the pool has no general follow-up rule', () => {
    const rules = defaultRules({ noFollowUpDays: null, byLevel: { LEVEL_A: 7 } });
    expect(computeReclaimAt(owned({ levelId: 'LEVEL_A' }), rules)).toBe(day(7));
    expect(computeReclaimAt(owned(), rules)).toBeNull();
  });

  it('never reclaims a won customer where won customers are excluded, and does otherwise', () => {
    expect(computeReclaimAt(owned({ won: true }), defaultRules({ excludeWon: true }))).toBeNull();
    expect(computeReclaimAt(owned({ won: true }), defaultRules({ excludeWon: false }))).toBe(day(30));
  });

  it('never reclaims a locked, unowned or pooled customer, or under disabled or missing rules', () => {
    expect(computeReclaimAt(owned({ locked: true }), defaultRules())).toBeNull();
    expect(computeReclaimAt(owned({ ownerId: null }), defaultRules())).toBeNull();
    expect(computeReclaimAt(owned({ state: 'pool' }), defaultRules())).toBeNull();
    expect(computeReclaimAt(owned({ state: 'recycled' }), defaultRules())).toBeNull();
    expect(computeReclaimAt(owned(), defaultRules({ enabled: false }))).toBeNull();
    expect(computeReclaimAt(owned(), null)).toBeNull();
    expect(computeReclaimAt(owned(), rulesOf({}))).toBeNull();
  });

  it("follows the customer's own pool, and the default pool's rules once its pool is gone", () => {
    const rules = rulesOf({
      [DEFAULT_POOL_ID]: reclaim({ noFollowUpDays: 30 }),
      P2: reclaim({ noFollowUpDays: 10 }),
    });
    expect(computeReclaim(owned({ poolId: 'P2' }), rules)).toMatchObject({ poolId: 'P2', at: day(10) });
    expect(computeReclaim(owned({ poolId: 'GONE' }), rules)).toMatchObject({
      poolId: DEFAULT_POOL_ID,
      at: day(30),
    });
  });
});

describe('dueBy', () => {
  it('is due exactly at reclaimAt and not a millisecond before', () => {
    expect(dueBy(owned(), defaultRules(), day(30))).not.toBeNull();
    expect(dueBy(owned(), defaultRules(), new Date(Date.parse(day(30)) - 1).toISOString())).toBeNull();
  });
});

describe('reclaimFields', () => {
  it('gives the instant, the warning and the pool, or nulls for never', () => {
    expect(reclaimFields(owned(), defaultRules())).toEqual({
      reclaimAt: day(30),
      reclaimWarnAt: day(27),
      reclaimPoolId: DEFAULT_POOL_ID,
    });
    expect(reclaimFields(owned({ locked: true }), defaultRules())).toEqual({
      reclaimAt: null,
      reclaimWarnAt: null,
      reclaimPoolId: null,
    });
  });
});

describe('membership', () => {
  const pool = { id: 'P1', memberRoleIds: ['M'], memberUserIds: ['U9'], adminUserIds: ['U8'] };
  const m = (userId: string, rolePath: string, isAdmin = false) => ({ userId, rolePath, isAdmin });

  it('includes the member roles and every role below them', () => {
    expect(isMember(pool, m('U1', '/R/M'))).toBe(true);
    expect(isMember(pool, m('U1', '/R/M/P/I'))).toBe(true);
  });

  it('excludes peers, superiors and cousins of the member roles', () => {
    expect(isMember(pool, m('U1', '/R/N'))).toBe(false);
    expect(isMember(pool, m('U1', '/R'))).toBe(false);
    expect(isMember(pool, m('U1', '/R/N/M2'))).toBe(false);
  });

  it('includes listed users, pool admins and administrators', () => {
    expect(isMember(pool, m('U9', '/R/N'))).toBe(true);
    expect(isMember(pool, m('U8', '/R/N'))).toBe(true);
    expect(isMember(pool, m('U1', '/R', true))).toBe(true);
  });

  it('makes every user a member of the default pool', () => {
    expect(isMember(defaultPool('R', T0), m('U1', '/R/M/P'))).toBe(true);
  });

  it('keeps the default pool open whatever members a stored copy names', () => {
    const narrowed = { ...defaultPool('R', T0), memberRoleIds: ['M'], memberUserIds: [] };

    expect(isOpenPool(DEFAULT_POOL_ID)).toBe(true);
    expect(isOpenPool('P1')).toBe(false);
    expect(isMember(narrowed, m('U1', '/R/N'))).toBe(true);
  });

  it('lets pool admins and pool.assign holders assign, and nobody else', () => {
    const viewer = (userId: string, permissions: Permission[] = []) => ({
      userId,
      rolePath: '/R/M',
      permissions: new Set(permissions),
      isAdmin: false,
    });
    expect(canAssign(pool, viewer('U8'))).toBe(true);
    expect(canAssign(pool, viewer('U1', ['pool.assign']))).toBe(true);
    expect(canAssign(pool, viewer('U9'))).toBe(false);
  });
});

describe('rules of a pool', () => {
  it('merges a partial change, replacing byLevel as a whole', () => {
    const merged = mergeReclaim(reclaim({ byLevel: { A: 5 } }), { noDealDays: 90, byLevel: { B: 7 } });
    expect(merged).toEqual(reclaim({ noDealDays: 90, byLevel: { B: 7 } }));
  });

  it('refuses an enabled reclaim without any rule', () => {
    expect(reclaimErrors(reclaim({ noFollowUpDays: null }), 'body.reclaim')).toEqual([
      expect.objectContaining({ path: 'body.reclaim', code: 'no_reclaim_rule' }),
    ]);
    expect(reclaimErrors(reclaim({ enabled: false, noFollowUpDays: null }), 'body.reclaim')).toEqual([]);
  });

  it('sees a change of any reclaim rule, and not a re-ordered byLevel', () => {
    expect(reclaimChanged(reclaim(), reclaim({ warnDays: 4 }))).toBe(true);
    expect(reclaimChanged(reclaim({ byLevel: { A: 1, B: 2 } }), reclaim({ byLevel: { B: 2, A: 1 } }))).toBe(
      false,
    );
  });

  it('compares names width-folded, trimmed and case-insensitively', () => {
    expect(poolNameKey(' ＶＩＰ  公海 ')).toBe(poolNameKey('vip 公海'));
  });
});

describe('claim limits', () => {
  it('counts claims per tenant-local day: 23:59 and 00:01 China time are different days', () => {
    expect(localDate(new Date('2025-03-01T15:59:00Z'), 'Asia/Shanghai')).toBe('2025-03-01');
    expect(localDate(new Date('2025-03-01T16:01:00Z'), 'Asia/Shanghai')).toBe('2025-03-02');
  });

  it('keeps the former owner out for the cooldown days after the release, and no one else', () => {
    const c = { previousOwnerId: 'U1', releasedAt: day(0) };
    expect(inCooldown(c, 'U1', new Date(day(6)), 7)).toBe(true);
    expect(inCooldown(c, 'U1', new Date(day(7)), 7)).toBe(false);
    expect(inCooldown(c, 'U2', new Date(day(1)), 7)).toBe(false);
    expect(inCooldown(c, 'U1', new Date(day(1)), 0)).toBe(false);
    expect(cooldownCutoff(new Date(day(7)), 0)).toBeNull();
  });
});
