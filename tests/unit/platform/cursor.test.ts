import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '#lib/db/cursor.ts';
import { HttpError } from '#lib/http/errors.ts';

const key = { pk: 'T#t1', sk: 'USER#01' };

describe('cursor codec', () => {
  it('round-trips the last key of the same tenant and query', () => {
    const cursor = encodeCursor(key, 't1', 'users');

    expect(decodeCursor(cursor ?? undefined, 't1', 'users')).toEqual(key);
  });

  it('is null at the end of a list and absent on the first page', () => {
    expect(encodeCursor(undefined, 't1', 'users')).toBeNull();
    expect(decodeCursor(undefined, 't1', 'users')).toBeUndefined();
  });

  it.each([
    ['another tenant', 't2', 'users'],
    ['another query', 't1', 'roles'],
  ])('rejects a cursor replayed against %s', (_, tenantId, query) => {
    const cursor = encodeCursor(key, 't1', 'users') ?? '';

    expect(() => decodeCursor(cursor, tenantId, query)).toThrowError(HttpError);
  });

  it('rejects garbage and a forged key of another tenant', () => {
    expect(() => decodeCursor('not-a-cursor', 't1', 'users')).toThrowError(/cursor/);
    const forged = Buffer.from(JSON.stringify({ k: { pk: 'T#t2', sk: 'x' }, f: 'x' })).toString('base64url');
    expect(() => decodeCursor(forged, 't1', 'users')).toThrowError(/cursor/);
  });
});
