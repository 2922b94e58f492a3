import { describe, expect, it } from 'vitest';
import {
  customerChildKey,
  customerChildKind,
  customerIndexKeys,
  customerKey,
  customerLists,
  customerSearchKey,
  customerSearchQuery,
  importLeaseKey,
  importLeasePart,
  importLeasesOf,
  importShardKey,
  invertedTime,
  userCountersKey,
} from '#lib/db/keys.ts';

describe('customer keys', () => {
  it('keep a customer and its children in one tenant-prefixed collection', () => {
    const root = customerKey('t1', 'C1');
    const contact = customerChildKey('t1', 'C1', 'contact', 'K1');

    expect(root).toEqual({ pk: 'T#t1#C#C1', sk: 'CUSTOMER' });
    expect(contact).toEqual({ pk: 'T#t1#C#C1', sk: 'CONTACT#K1' });
    expect(customerChildKind(contact.sk)).toBe('contact');
    expect(customerChildKind('HIST#01')).toBe('history');
    expect(customerChildKind('CUSTOMER')).toBe('customer');
    expect(customerChildKind('UNKNOWN#1')).toBeUndefined();
  });

  it('sort newer times first under an inverted timestamp', () => {
    const older = invertedTime('2024-01-01T00:00:00.000Z');
    const newer = invertedTime('2024-06-01T00:00:00.000Z');

    expect(newer < older).toBe(true);
    expect(newer).toHaveLength(older.length);
  });

  it("put an active customer on the below (its owner's prefix is theirs), company and (when hot) hot lists", () => {
    const keys = customerIndexKeys('t1', 'C1', {
      state: 'active',
      ownerId: 'u1',
      ownerRolePath: '/R/M',
      updatedAt: '2024-01-01T00:00:00.000Z',
      hot: true,
    });

    expect(keys.customersByOwnerPk).toBeUndefined();
    expect(keys.customersBelowSk?.startsWith(customerLists.mine('t1', '/R/M', 'u1').skPrefix)).toBe(true);
    expect(keys.customersBelowSk?.startsWith(customerLists.mine('t1', '/R/M', 'u2').skPrefix)).toBe(false);
    expect(keys.customersByListPk).toBe(customerLists.company('t1').pk);
    expect(keys.hotByOwnerPk).toBe(customerLists.hot('t1', 'u1').pk);
    expect(keys.customersBelowSk?.startsWith(customerLists.below('t1', '/R').skPrefix)).toBe(true);
    expect(keys.customersBelowSk?.startsWith(customerLists.below('t1', '/R/M').skPrefix)).toBe(false);
  });

  it('put recycled and pool customers on their own lists only', () => {
    const recycled = customerIndexKeys('t1', 'C1', {
      state: 'recycled',
      ownerId: 'u1',
      ownerRolePath: '/R/M',
      deletedAt: '2024-01-01T00:00:00.000Z',
    });
    const pooled = customerIndexKeys('t1', 'C1', {
      state: 'pool',
      poolId: 'default',
      updatedAt: '2024-01-01T00:00:00.000Z',
    });

    expect(recycled.customersByOwnerPk).toBe(customerLists.ownBin('t1', 'u1').pk);
    expect(recycled.customersByListPk).toBe(customerLists.bin('t1').pk);
    expect(recycled.hotByOwnerPk).toBeUndefined();
    expect(Object.keys(pooled)).toEqual(['customersByListPk', 'customersByListSk']);
    expect(pooled.customersByListPk).toBe(customerLists.pool('t1', 'default').pk);
  });

  it('find a search term by prefix within the partition of its state and first character', () => {
    const key = customerSearchKey('t1', 'active', 'alibaba', 'C1');
    const prefix = customerSearchQuery('t1', 'active', 'ali');
    const exact = customerSearchQuery('t1', 'active', 'alibaba', true);

    expect(key.pk).toBe(prefix.pk);
    expect(key.sk.startsWith(prefix.skPrefix)).toBe(true);
    expect(key.sk.startsWith(exact.skPrefix)).toBe(true);
    expect(customerSearchKey('t1', 'active', 'alibabagroup', 'C2').sk.startsWith(exact.skPrefix)).toBe(false);
    expect(customerSearchQuery('t1', 'pool', 'ali').pk).not.toBe(prefix.pk);
  });
});

describe('import lease keys', () => {
  it('keep a lease and its shards beside the owner counters, apart from the counters item', () => {
    const lease = importLeaseKey('t1', 'U1', 'I1');
    const shard = importShardKey('t1', 'U1', 'I1', 3);
    const all = importLeasesOf('t1', 'U1');

    expect(lease.pk).toBe(userCountersKey('t1', 'U1').pk);
    expect(shard.pk).toBe(lease.pk);
    expect([lease.sk, shard.sk].every((sk) => sk.startsWith(all.skPrefix))).toBe(true);
    expect(userCountersKey('t1', 'U1').sk.startsWith(all.skPrefix)).toBe(false);
  });

  it('tell a lease from its shards by the sort key', () => {
    expect(importLeasePart(importLeaseKey('t1', 'U1', 'I1').sk)).toEqual({ importId: 'I1' });
    expect(importLeasePart(importShardKey('t1', 'U1', 'I1', 11).sk)).toEqual({ importId: 'I1', shard: 11 });
  });
});
