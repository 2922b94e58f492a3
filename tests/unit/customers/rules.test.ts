import { describe, expect, it } from 'vitest';
import {
  afterActivity,
  type CustomerRecord,
  canEdit,
  canHandleRecycled,
  canManage,
  canSee,
  intoPool,
  inView,
  matchesFilters,
  reverseRelation,
  type Viewer,
} from '#lib/customers/rules.ts';
import type { Permission } from '#lib/org/permissions.ts';

const ROOT = '/R';
const MANAGER = '/R/M';
const REP = '/R/M/P';
const INTERN = '/R/M/P/I';
const ASSISTANT = '/R/M/A';
const OTHER_MANAGER = '/R/N';

const viewer = (
  userId: string,
  rolePath: string,
  permissions: Permission[] = [],
  isAdmin = false,
): Viewer => ({
  userId,
  rolePath,
  permissions: new Set(permissions),
  isAdmin,
});

const customer = (over: Partial<CustomerRecord> = {}): CustomerRecord => ({
  id: 'C1',
  name: '客户',
  phone: null,
  email: null,
  website: null,
  address: null,
  regionId: 'REGION',
  industryId: null,
  categoryId: null,
  sourceId: null,
  levelId: 'LEVEL',
  statusId: null,
  maturityId: null,
  birthday: null,
  note: null,
  tags: ['vip'],
  customFields: {},
  private: false,
  hot: false,
  state: 'active',
  ownerId: 'owner',
  ownerName: '张三',
  ownerRolePath: REP,
  poolId: null,
  shares: [{ userId: 'shared', sharedBy: 'owner', sharedAt: '2024-01-01T00:00:00.000Z' }],
  reclaimAt: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  createdBy: 'owner',
  updatedAt: '2024-01-01T00:00:00.000Z',
  deletedAt: null,
  deletedBy: null,
  version: 1,
  nameKey: '客户',
  searchTerms: [],
  previousOwnerId: null,
  purging: false,
  ...over,
});

const owner = viewer('owner', REP);
const peer = viewer('peer', REP);
const superior = viewer('manager', MANAGER);
const otherManager = viewer('other-manager', OTHER_MANAGER);
const subordinate = viewer('intern', INTERN);
const shared = viewer('shared', REP);
const admin = viewer('admin', ROOT, [], true);
const viewAllPeer = viewer('assistant', ASSISTANT, ['customers.viewAll']);
const purger = viewer('purger', OTHER_MANAGER, ['customers.purge']);

describe('canSee', () => {
  it.each([
    ['the owner', owner, true],
    ['a peer', peer, false],
    ['a superior', superior, true],
    ['a manager of another branch', otherManager, false],
    ['a subordinate of the owner', subordinate, false],
    ['a user it is shared with', shared, true],
    ['an administrator', admin, true],
    ['a peer holding customers.viewAll', viewAllPeer, true],
  ])('shows an active customer to %s: %s', (_, who, expected) => {
    expect(canSee(who, customer())).toBe(expected);
  });

  it.each([
    ['the owner', owner, true],
    ['a peer', peer, false],
    ['a superior', superior, true],
    ['a user it is shared with', shared, true],
    ['an administrator', admin, true],
    ['a peer holding customers.viewAll', viewAllPeer, false],
  ])('shows a private customer to %s: %s', (_, who, expected) => {
    expect(canSee(who, customer({ private: true }))).toBe(expected);
  });

  it.each([
    ['the owner', owner, true],
    ['a superior', superior, true],
    ['a user it was shared with', shared, false],
    ['a peer holding customers.viewAll', viewAllPeer, false],
    ['a purge holder', purger, true],
    ['an administrator', admin, true],
  ])('shows a recycle-bin entry to %s: %s', (_, who, expected) => {
    expect(canSee(who, customer({ state: 'recycled', deletedAt: '2024-02-01T00:00:00.000Z' }))).toBe(
      expected,
    );
  });

  it('shows pool customers to every user', () => {
    const pooled = intoPool(customer(), 'default', '2024-03-01T00:00:00.000Z');
    expect([peer, subordinate, otherManager].every((who) => canSee(who, pooled))).toBe(true);
  });
});

describe('canEdit and canManage', () => {
  it.each([
    ['the owner', owner, true, true],
    ['a superior', superior, true, true],
    ['a user it is shared with', shared, true, false],
    ['an administrator', admin, true, true],
    ['a peer holding customers.viewAll', viewAllPeer, false, false],
    ['a peer', peer, false, false],
  ])('lets %s edit: %s, manage: %s', (_, who, edit, manage) => {
    expect(canEdit(who, customer())).toBe(edit);
    expect(canManage(who, customer())).toBe(manage);
  });

  it('lets nobody edit or manage a customer outside the active state', () => {
    const recycled = customer({ state: 'recycled', deletedAt: '2024-02-01T00:00:00.000Z' });
    expect(canEdit(admin, recycled)).toBe(false);
    expect(canManage(owner, recycled)).toBe(false);
  });

  it('stops restore and to-pool once a purge started', () => {
    const recycled = customer({ state: 'recycled', deletedAt: '2024-02-01T00:00:00.000Z' });
    expect(canHandleRecycled(owner, recycled)).toBe(true);
    expect(canHandleRecycled(owner, { ...recycled, purging: true })).toBe(false);
  });
});

describe('inView', () => {
  const opts = { poolId: 'default' };

  it('puts an active customer in the owner’s mine, the superior’s subordinates, the shared user’s shared', () => {
    const c = customer();
    expect(inView(owner, 'mine', c, opts)).toBe(true);
    expect(inView(superior, 'subordinates', c, opts)).toBe(true);
    expect(inView(shared, 'shared', c, opts)).toBe(true);
    expect(inView(superior, 'mine', c, opts)).toBe(false);
    expect(inView(owner, 'subordinates', c, opts)).toBe(false);
  });

  it('lists hot customers only when flagged', () => {
    expect(inView(owner, 'hot', customer(), opts)).toBe(false);
    expect(inView(owner, 'hot', customer({ hot: true }), opts)).toBe(true);
  });

  it('narrows to one owner when asked', () => {
    expect(inView(superior, 'subordinates', customer(), { ...opts, ownerId: 'owner' })).toBe(true);
    expect(inView(superior, 'subordinates', customer(), { ...opts, ownerId: 'someone' })).toBe(false);
  });

  it('keeps private customers of others out of the company view', () => {
    expect(inView(viewAllPeer, 'company', customer(), opts)).toBe(true);
    expect(inView(viewAllPeer, 'company', customer({ private: true }), opts)).toBe(false);
  });

  it('lists pool customers of the asked pool only', () => {
    const pooled = intoPool(customer(), 'default', '2024-03-01T00:00:00.000Z');
    expect(inView(peer, 'pool', pooled, opts)).toBe(true);
    expect(inView(peer, 'pool', pooled, { poolId: 'other' })).toBe(false);
  });
});

describe('intoPool', () => {
  it('drops owner, shares and hot, remembers the last owner and moves the version', () => {
    const pooled = intoPool(customer({ hot: true }), 'default', '2024-03-01T00:00:00.000Z');

    expect(pooled).toMatchObject({
      state: 'pool',
      poolId: 'default',
      ownerId: null,
      ownerRolePath: null,
      previousOwnerId: 'owner',
      shares: [],
      hot: false,
      version: 2,
      updatedAt: '2024-03-01T00:00:00.000Z',
    });
  });
});

describe('matchesFilters', () => {
  it('needs every given dictionary id and the tag', () => {
    expect(matchesFilters(customer(), { regionId: 'REGION', tag: 'vip' })).toBe(true);
    expect(matchesFilters(customer(), { regionId: 'OTHER' })).toBe(false);
    expect(matchesFilters(customer(), { tag: 'cold' })).toBe(false);
    expect(matchesFilters(customer(), {})).toBe(true);
  });
});

describe('reverseRelation', () => {
  it.each([
    ['parent', 'subsidiary'],
    ['subsidiary', 'parent'],
    ['partner', 'partner'],
    ['other', 'other'],
  ] as const)('sees %s from the other side as %s', (type, reverse) => {
    expect(reverseRelation(type)).toBe(reverse);
  });
});

describe('afterActivity', () => {
  const at = '2024-06-03T03:00:00.000Z';

  it('shows what the follow-ups say of the customer in a new version, keeping when it was last edited', () => {
    const c = customer();
    const next = afterActivity(c, at, { lastFollowUpAt: at, nextFollowUpAt: '2024-06-05T00:00:00.000Z' });

    expect(next).toMatchObject({ lastFollowUpAt: at, version: c.version + 1, updatedAt: c.updatedAt });
  });

  it('is an edit when a field of the customer changes with it, and only then', () => {
    const c = customer({ maturityId: 'WARM' });

    expect(afterActivity(c, at, { lastFollowUpAt: at, maturityId: 'HOT' }).updatedAt).toBe(at);
    expect(afterActivity(c, at, { lastFollowUpAt: at, maturityId: 'WARM' }).updatedAt).toBe(c.updatedAt);
  });
});
