import { describe, expect, it } from 'vitest';
import {
  belongsToTenant,
  type IndexName,
  indexKeys,
  roleKey,
  tableSchema,
  userKey,
  usersBelowKeys,
  usersBelowQuery,
} from '#lib/db/keys.ts';

describe('keys', () => {
  it('start every key with the tenant', () => {
    expect(userKey('t1', 'u1')).toEqual({ pk: 'T#t1', sk: 'USER#u1' });
    expect(roleKey('t1', 'r1')).toEqual({ pk: 'T#t1', sk: 'ROLE#r1' });
    expect(usersBelowKeys('t1', '/a/b', 'u1').usersBelowPk.startsWith('T#t1#')).toBe(true);
  });

  it('find users strictly below a role path, never peers', () => {
    const below = usersBelowQuery('t1', '/a/b');
    const peer = usersBelowKeys('t1', '/a/b', 'u-peer').usersBelowSk;
    const child = usersBelowKeys('t1', '/a/b/c', 'u-child').usersBelowSk;
    const cousin = usersBelowKeys('t1', '/a/bb', 'u-cousin').usersBelowSk;

    expect(child.startsWith(below.skPrefix)).toBe(true);
    expect(peer.startsWith(below.skPrefix)).toBe(false);
    expect(cousin.startsWith(below.skPrefix)).toBe(false);
  });

  it('derive the table schema with one key pair per index', () => {
    for (const gsi of tableSchema.globalSecondaryIndexes) {
      expect(indexKeys(gsi.indexName as IndexName)).toEqual({
        pk: gsi.partitionKey,
        sk: gsi.sortKey,
      });
    }
    expect(tableSchema.partitionKey).toBe('pk');
  });

  it('tell whether a key belongs to a tenant', () => {
    expect(belongsToTenant({ pk: 'T#t1', sk: 'x' }, 't1')).toBe(true);
    expect(belongsToTenant({ pk: 'T#t1#C#1', sk: 'x', usersBelowPk: 'T#t1#USERS' }, 't1')).toBe(true);
    expect(belongsToTenant({ pk: 'T#t2', sk: 'x' }, 't1')).toBe(false);
    expect(belongsToTenant({ pk: 'T#t10', sk: 'x' }, 't1')).toBe(false);
    expect(belongsToTenant({ pk: 'T#t1', usersBelowPk: 'T#t2#USERS' }, 't1')).toBe(false);
    expect(belongsToTenant({ sk: 'x' }, 't1')).toBe(false);
  });
});
