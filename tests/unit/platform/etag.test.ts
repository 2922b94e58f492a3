import { describe, expect, it } from 'vitest';
import { expectedVersion } from '#lib/http/etag.ts';
import { etagOf } from '#lib/http/respond.ts';

describe('If-Match', () => {
  it('reads the version from the ETag the API gave out', () => {
    expect(expectedVersion({ 'if-match': etagOf(3) })).toBe(3);
    expect(expectedVersion({ 'if-match': 'W/"7"' })).toBe(7);
  });

  it('is required (428)', () => {
    expect(() => expectedVersion({})).toThrowError(expect.objectContaining({ status: 428 }));
  });

  it('rejects a malformed value (400)', () => {
    expect(() => expectedVersion({ 'if-match': '*' })).toThrowError(expect.objectContaining({ status: 400 }));
  });
});
