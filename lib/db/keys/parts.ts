/**
 * The spelling every context's keys share: the separator, the tenant prefix every key starts with,
 * and the sort keys of the indexes grouped by owner role path. Internal to lib/db/keys: the index
 * (lib/db/keys.ts) re-exports only `invertedTime` and `ownerScopePrefix`.
 */

export const SEP = '#';
export const t = (tenantId: string) => `T${SEP}${tenantId}`;

/** Newest first under an ascending sort: 10^15 - epoch ms, fixed width. */
export const invertedTime = (iso: string) => String(1e15 - Date.parse(iso)).padStart(15, '0');

/** `<ownerRolePath>|<owner>|<inverted instant>|<id>`: an owner's records, newest first, grouped by role path. */
export const belowSk = (rolePath: string, ownerId: string, at: string, id: string) =>
  `${rolePath}|${ownerId}|${invertedTime(at)}|${id}`;

/** The sort-key prefix of one owner's records in a role-path-grouped index. */
export const ownerScopePrefix = (rolePath: string, ownerId: string) => `${rolePath}|${ownerId}|`;
