// Platform: idempotency, and the tenant checks on keys that came from clients or streams.

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/** An Idempotency-Key is scoped to the user who sent it and the route it was sent to. */
export const idempotencyKey = (tenantId: string, userId: string, route: string, key: string): Key => ({
  pk: `${t(tenantId)}${SEP}IDEM${SEP}${userId}${SEP}${key}`,
  sk: route,
});

/** Whether every partition key in `key` is the tenant's: the last check on keys that came from clients. */
export function belongsToTenant(key: Record<string, unknown>, tenantId: string): boolean {
  const prefix = t(tenantId);
  const partitions = Object.entries(key).filter(([name]) => name === 'pk' || name.endsWith('Pk'));
  return (
    partitions.length > 0 &&
    partitions.every(
      ([, value]) => typeof value === 'string' && (value === prefix || value.startsWith(prefix + SEP)),
    )
  );
}

/** The tenant a stored key belongs to (stream records carry keys, not auth). */
export function tenantOfKey(pk: string): string | undefined {
  const [prefix, tenantId] = pk.split(SEP);
  return prefix === 'T' && tenantId ? tenantId : undefined;
}
