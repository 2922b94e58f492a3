import { describe, expect, it } from 'vitest';
import { canSeeContact, inContactView, listedBeforeShared, primaryChange } from '#lib/contacts/rules.ts';
import type { ContactScope } from '#lib/customers/contact-items.ts';
import { contactQuery, contactSearchTerms, initialSortName } from '#lib/customers/contact-terms.ts';
import { contactPinyinTerms, contactSortName } from '#lib/customers/pinyin-terms.ts';
import type { Permission } from '#lib/org/permissions.ts';

const ROOT = '/R000000000000000000000000A';
const MANAGER = `${ROOT}/M00000000000000000000000AA`;
const REP = `${MANAGER}/P00000000000000000000000AA`;

const viewer = (userId: string, rolePath: string, permissions: Permission[] = [], isAdmin = false) => ({
  userId,
  rolePath,
  permissions: new Set(permissions),
  isAdmin,
});
const scope = (changes: Partial<ContactScope> = {}): ContactScope => ({
  customerName: '客户',
  ownerId: 'rep',
  ownerName: '张三',
  ownerRolePath: REP,
  customerState: 'active',
  customerPrivate: false,
  sharedWith: ['friend'],
  ...changes,
});

describe('canSeeContact', () => {
  it.each([
    ['the owner', viewer('rep', REP), true],
    ['a peer', viewer('peer', REP), false],
    ['a superior', viewer('boss', MANAGER), true],
    ['a shared user', viewer('friend', REP), true],
    ['a viewAll holder', viewer('x', `${MANAGER}/Q00000000000000000000000AA`, ['customers.viewAll']), true],
    ['an administrator', viewer('admin', ROOT, [], true), true],
  ])('lets %s see a contact of an active customer: %s', (_, who, seen) => {
    expect(canSeeContact(who, scope())).toBe(seen);
  });

  it('hides a private customer from viewAll holders but not from its superiors', () => {
    const secret = scope({ customerPrivate: true });

    expect(
      canSeeContact(viewer('x', `${MANAGER}/Q00000000000000000000000AA`, ['customers.viewAll']), secret),
    ).toBe(false);
    expect(canSeeContact(viewer('boss', MANAGER), secret)).toBe(true);
  });

  it('shows no contact of a customer in the pool or the recycle bin, even to its owner', () => {
    expect(canSeeContact(viewer('rep', REP), scope({ customerState: 'recycled' }))).toBe(false);
    expect(
      canSeeContact(viewer('admin', ROOT, [], true), scope({ customerState: 'pool', ownerId: null })),
    ).toBe(false);
  });
});

describe('inContactView and listedBeforeShared', () => {
  it('puts a contact in the views it belongs to', () => {
    const boss = viewer('boss', MANAGER);

    expect(inContactView(boss, 'subordinates', scope())).toBe(true);
    expect(inContactView(boss, 'mine', scope())).toBe(false);
    expect(inContactView(viewer('friend', REP), 'shared', scope())).toBe(true);
    expect(inContactView(viewer('peer', REP), 'all', scope())).toBe(false);
  });

  it('leaves out of the shared range what the mine and below ranges list already', () => {
    expect(listedBeforeShared(viewer('boss', MANAGER), scope({ sharedWith: ['boss'] }))).toBe(true);
    expect(listedBeforeShared(viewer('friend', REP), scope())).toBe(false);
  });
});

describe('primaryChange', () => {
  it('moves the flag to a contact that asks for it, demoting the previous one', () => {
    expect(primaryChange('a', 'b', true)).toEqual({ next: 'b', demote: 'a' });
    expect(primaryChange(null, 'b', true)).toEqual({ next: 'b', demote: null });
    expect(primaryChange('b', 'b', true)).toEqual({ next: 'b', demote: null });
  });

  it('clears the flag only from the primary contact itself, and leaves it otherwise', () => {
    expect(primaryChange('b', 'b', false)).toEqual({ next: null, demote: null });
    expect(primaryChange('a', 'b', false)).toEqual({ next: 'a', demote: null });
    expect(primaryChange('a', 'b', undefined)).toEqual({ next: 'a', demote: null });
  });
});

describe('contact terms', () => {
  it('sorts by pinyin, as an address book does', () => {
    const sorted = ['张三', '安琪', 'Bob', '王五'].sort((a, b) =>
      contactSortName(a) < contactSortName(b) ? -1 : 1,
    );

    expect(sorted).toEqual(['安琪', 'Bob', '王五', '张三']);
    expect(contactSortName('!!!')).toBe('~');
  });

  it('sorts a Latin name exactly from its save, a Chinese one last until its pinyin is indexed', () => {
    expect(initialSortName('Bob Li')).toBe('bobli');
    expect(initialSortName('张三')).toBe('~');
  });

  it('finds a contact from its save by name and each phone', () => {
    const terms = contactSearchTerms({ name: '张 三', mobile: '+8613800138000', phone: '+861012345678' });

    expect(terms).toEqual([
      { term: '+861012345678', kinds: ['phone'] },
      { term: '+8613800138000', kinds: ['phone'] },
      { term: '张三', kinds: ['name'] },
    ]);
  });

  it('indexes the pinyin and initials of a Chinese name (the name-search consumer)', () => {
    expect(contactPinyinTerms('张 三')).toEqual([
      { term: 'zhangsan', kinds: ['pinyin'] },
      { term: 'zs', kinds: ['initials'] },
    ]);
    expect(contactPinyinTerms('Bob')).toEqual([]);
  });

  it('reads a query as an exact phone when it is one, else as a prefix', () => {
    expect(contactQuery('138 0013 8000')).toEqual({ prefix: '+8613800138000', exact: true });
    expect(contactQuery('Zhang San')).toEqual({ prefix: 'zhangsan', exact: false });
    expect(contactQuery('12345')).toEqual({ prefix: '12345', exact: false });
    expect(contactQuery('！！')).toBeNull();
  });
});
