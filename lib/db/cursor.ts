import { createHash } from 'node:crypto';
import { BadRequest } from '../http/errors.ts';
import { belongsToTenant } from './keys.ts';

/**
 * Cursors are opaque to clients: the LastEvaluatedKey plus a fingerprint of the tenant and the
 * query they continue. A cursor replayed against another tenant or another query is rejected, and
 * a key that does not belong to the caller's tenant never reaches DynamoDB.
 */
type LastKey = Record<string, unknown>;

const fingerprint = (tenantId: string, query: string) =>
  createHash('sha256').update(`${tenantId}\n${query}`).digest('base64url').slice(0, 16);

export function encodeCursor(lastKey: LastKey | undefined, tenantId: string, query: string): string | null {
  if (!lastKey) return null;
  return Buffer.from(JSON.stringify({ k: lastKey, f: fingerprint(tenantId, query) })).toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  tenantId: string,
  query: string,
): LastKey | undefined {
  if (!cursor) return undefined;
  const invalid = () =>
    new BadRequest('The cursor is not valid for this list.', [
      { path: 'query.cursor', code: 'invalid_cursor', message: 'Use the nextCursor of the same list.' },
    ]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { k, f } = (decoded ?? {}) as { k?: unknown; f?: unknown };
  if (typeof k !== 'object' || k === null || f !== fingerprint(tenantId, query)) throw invalid();
  if (!belongsToTenant(k as LastKey, tenantId)) throw invalid();
  return k as LastKey;
}
