/** Tenant and organisation (lib/org): the tenant, roles, users and the users-below-a-role index. */

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

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
