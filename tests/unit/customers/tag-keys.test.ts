import { describe, expect, it } from 'vitest';
import { contributions } from '#lib/analytics/rules.ts';
import { customerItem } from '#lib/customers/repository.ts';
import { type CustomerRecord, newCustomer, touched } from '#lib/customers/rules.ts';
import {
  customerChildKind,
  customerLists,
  customerTagKey,
  customerTagKeys,
  reclaimLists,
  taggedList,
} from '#lib/db/keys.ts';

const active = (changes: Partial<CustomerRecord> = {}): CustomerRecord => ({
  ...newCustomer({
    id: 'C1',
    name: '标签测试',
    phone: null,
    nameKey: '标签测试',
    searchTerms: [],
    owner: { id: 'u1', name: '张三', rolePath: '/R/M/P' },
    createdBy: 'u1',
    at: '2024-01-01T00:00:00.000Z',
  }),
  ...changes,
});

describe('tag copy keys', () => {
  it('are children of the customer, one per tag, distinct for tags that differ only by # or %', () => {
    const tags = ['a#b', 'a%23b', 'a', 'a#', '重点客户'];
    const keys = tags.map((tag) => customerTagKey('t1', 'C1', tag));

    expect(new Set(keys.map((k) => k.sk)).size).toBe(tags.length);
    expect(keys.every((k) => k.pk === 'T#t1#C#C1')).toBe(true);
    expect(keys.every((k) => customerChildKind(k.sk) === 'tag')).toBe(true);
    expect(customerTagKey('t1', 'C1', '重点客户').sk).toBe('TAG#重点客户');
  });

  it("repeat each list entry of the customer item in the tag's partition, at the same sort key", () => {
    const item: Record<string, unknown> = customerItem('t1', active({ hot: true }));
    const keys = customerTagKeys(item, 'x#y');

    expect(keys).toEqual({
      customersBelowPk: `${item.customersBelowPk}#TAG#x%23y`,
      customersBelowSk: item.customersBelowSk,
      customersByListPk: `${item.customersByListPk}#TAG#x%23y`,
      customersByListSk: item.customersByListSk,
      hotByOwnerPk: `${item.hotByOwnerPk}#TAG#x%23y`,
      hotByOwnerSk: item.hotByOwnerSk,
    });
  });

  it('leave out the agenda, birthday and reclaim-job entries, and follow a state change', () => {
    const owned = active({
      birthday: '1990-05-01',
      reclaimAt: '2024-02-01T00:00:00.000Z',
      reclaimWarnAt: '2024-01-29T00:00:00.000Z',
      reclaimPoolId: 'default',
    });
    const item: Record<string, unknown> = customerItem('t1', owned);
    const keys = customerTagKeys(item, 'x');
    const binned = customerTagKeys(
      customerItem(
        't1',
        touched(owned, '2024-01-02T00:00:00.000Z', {
          state: 'recycled',
          deletedAt: '2024-01-02T00:00:00.000Z',
        }),
      ),
      'x',
    );

    expect(item.customerAgendaPk).toBeDefined();
    expect(item.reclaimDuePk).toBeDefined();
    expect(Object.keys(keys).sort()).toEqual([
      'customersBelowPk',
      'customersBelowSk',
      'customersByListPk',
      'customersByListSk',
      'reclaimSoonPk',
      'reclaimSoonSk',
    ]);
    expect(binned.customersByOwnerPk).toBe(taggedList(customerLists.ownBin('t1', 'u1'), 'x').pk);
    expect(binned.reclaimSoonPk).toBeUndefined();
  });

  it('are what the tagged view queries read', () => {
    const item: Record<string, unknown> = customerItem('t1', active({ hot: true }));
    const keys = customerTagKeys(item, '华东');

    const mine = taggedList(customerLists.mine('t1', '/R/M/P', 'u1'), '华东');
    expect(mine.pk).toBe(keys.customersBelowPk);
    expect(keys.customersBelowSk?.startsWith(mine.skPrefix)).toBe(true);
    expect(taggedList(customerLists.company('t1'), '华东').pk).toBe(keys.customersByListPk);
    expect(taggedList(customerLists.hot('t1', 'u1'), '华东').pk).toBe(keys.hotByOwnerPk);
    const below = taggedList(customerLists.below('t1', '/R/M'), '华东');
    expect(below.pk).toBe(keys.customersBelowPk);
    expect(keys.customersBelowSk?.startsWith(below.skPrefix)).toBe(true);
    expect(taggedList(customerLists.mine('t1', '/R/M/P', 'u1'), '华南').pk).not.toBe(keys.customersBelowPk);
    expect(() => taggedList(customerLists.shared('t1', 'u1'), '华东')).toThrow();
    expect(taggedList(reclaimLists.soon('t1', 'u1', 'x'), '华东').pk).toBe('T#t1#RSOON#u1#TAG#华东');
  });

  it('are not counted by the analytics projection', () => {
    const item = customerItem('t1', active());
    const copy = { ...item, type: 'customerTag', ...customerTagKeys(item, 'x') };

    expect(contributions(item, 'Asia/Shanghai').length).toBeGreaterThan(0);
    expect(contributions(copy, 'Asia/Shanghai')).toEqual([]);
  });
});
