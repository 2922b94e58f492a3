/**
 * The ONLY place where keys and index names are spelled. Every key starts with the tenant
 * (`T#<tenantId>`), so no query can reach across tenants. The access-pattern table lives in
 * lib/db/README.md; each builder here is named after the pattern it serves.
 *
 * Convention: a global secondary index named `x` is keyed by the attributes `xPk` and `xSk`, and
 * only items that take part in that pattern carry them (sparse indexes: an item leaves a list by
 * losing its attributes).
 */

// A type alias, not an interface: it must be assignable to the SDK's Record<string, ...> keys.
export type Key = { pk: string; sk: string };

const SEP = '#';
const t = (tenantId: string) => `T${SEP}${tenantId}`;

/** The global secondary indexes, each named after the access pattern it serves. */
export const indexes = {
  /** Users below a role (descendants of a role path), ordered by path: "all users below me". */
  usersBelow: 'usersBelow',
} as const;

export type IndexName = keyof typeof indexes;

export const indexKeys = (index: IndexName) => ({ pk: `${index}Pk`, sk: `${index}Sk` }) as const;

/** The attribute DynamoDB's TTL deletes items by (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The table as both CDK and the DynamoDB Local setup create it. Every GSI projects ALL attributes:
 * each list renders the items it finds without a second read.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: TTL_ATTRIBUTE,
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: Object.values(indexes).map((name) => ({
    indexName: name,
    partitionKey: indexKeys(name).pk,
    sortKey: indexKeys(name).sk,
  })),
} as const;

// ---- tenant and organisation -------------------------------------------------------------------

export const tenantKey = (tenantId: string): Key => ({ pk: t(tenantId), sk: 'TENANT' });

export const roleKey = (tenantId: string, roleId: string): Key => ({
  pk: t(tenantId),
  sk: `ROLE${SEP}${roleId}`,
});
export const rolesPrefix = (tenantId: string) => ({ pk: t(tenantId), skPrefix: `ROLE${SEP}` });

export const userKey = (tenantId: string, userId: string): Key => ({
  pk: t(tenantId),
  sk: `USER${SEP}${userId}`,
});
export const usersPrefix = (tenantId: string) => ({ pk: t(tenantId), skPrefix: `USER${SEP}` });

/**
 * A role's materialized path: `/root/child/grandchild` (role ids). "Below role P" is every path
 * that starts with `P/`; peers share P exactly, so they never match.
 */
export const usersBelowKeys = (tenantId: string, rolePath: string, userId: string) => ({
  usersBelowPk: `${t(tenantId)}${SEP}USERS`,
  usersBelowSk: `${rolePath}|${userId}`,
});
export const usersBelowQuery = (tenantId: string, rolePath: string) => ({
  pk: `${t(tenantId)}${SEP}USERS`,
  skPrefix: `${rolePath}/`,
});

// ---- settings and dictionaries -----------------------------------------------------------------

export const settingsKey = (tenantId: string): Key => ({ pk: t(tenantId), sk: 'SETTINGS' });

export const dictionaryItemKey = (tenantId: string, kind: string, itemId: string): Key => ({
  pk: `${t(tenantId)}${SEP}DICT${SEP}${kind}`,
  sk: itemId,
});
export const dictionaryPrefix = (tenantId: string, kind: string) => ({
  pk: `${t(tenantId)}${SEP}DICT${SEP}${kind}`,
});

// ---- platform ------------------------------------------------------------------------------------

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
