import type { Auth } from '../http/auth.ts';
import type { Pool, ReclaimCause, ReclaimRules } from './schemas.ts';

/**
 * Pure decisions of ownership: which pool a customer belongs to, who may see a pool, and when an
 * owned customer returns to its pool (the reclaim clock). Every context that writes a customer
 * asks these, so the clock is decided in one place.
 */

/** The pool every tenant starts with (all sales users belong to it); its id is fixed. */
export const DEFAULT_POOL_ID = 'default';
export const DEFAULT_POOL_NAME = '公海';

const DAY_MS = 86_400_000;

export const disabledReclaim = (): ReclaimRules => ({
  enabled: false,
  noFollowUpDays: null,
  noDealDays: null,
  byLevel: {},
  warnDays: 3,
  excludeWon: true,
});

/**
 * The default pool of a new tenant: every role below (and including) the root role is a member,
 * so every user is; no claim limit, no cooldown, and no automatic reclaim until an administrator
 * sets the rules (seed 003: the company decides how long without follow-up is too long).
 */
export const defaultPool = (rootRoleId: string, at: string): Pool => ({
  id: DEFAULT_POOL_ID,
  name: DEFAULT_POOL_NAME,
  isDefault: true,
  memberRoleIds: [rootRoleId],
  memberUserIds: [],
  adminUserIds: [],
  claimDailyLimit: null,
  formerOwnerCooldownDays: 0,
  reclaim: disabledReclaim(),
  rulesVersion: 1,
  createdAt: at,
  updatedAt: at,
  version: 1,
});

/** The form pool names are unique in: width-folded, trimmed, spaces collapsed, case-insensitive. */
export const poolNameKey = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

// ---- membership --------------------------------------------------------------------------------

type Member = Pick<Auth, 'userId' | 'rolePath' | 'isAdmin'>;

/** Who asks about a pool: what the scope decisions look at in the caller. */
export type Viewer = Pick<Auth, 'tenantId' | 'userId' | 'rolePath' | 'permissions' | 'isAdmin'>;

/** Role ids on a materialized path `/root/manager/rep`: the role and all of its ancestors. */
const rolesOnPath = (rolePath: string) => rolePath.split('/').filter(Boolean);

/**
 * The default pool is open to every user of the tenant (API.md: "a default pool that all sales
 * users belong to"); only other pools narrow their members. Knowing that from the id alone lets the
 * pool view and pool customers' reads skip the pool definition.
 */
export const isOpenPool = (poolId: string) => poolId === DEFAULT_POOL_ID;

/**
 * Who sees a pool and claims from it: everyone for the open default pool; otherwise administrators,
 * its listed users and admins, and every user whose role is a member role or lies below one (a role
 * includes its descendants).
 */
export function isMember(
  pool: Pick<Pool, 'id' | 'memberRoleIds' | 'memberUserIds' | 'adminUserIds'>,
  m: Member,
) {
  if (isOpenPool(pool.id) || m.isAdmin) return true;
  if (pool.memberUserIds.includes(m.userId) || pool.adminUserIds.includes(m.userId)) return true;
  const path = rolesOnPath(m.rolePath);
  return pool.memberRoleIds.some((roleId) => path.includes(roleId));
}

// ---- reclaim -----------------------------------------------------------------------------------

/** What reclaim looks at in a customer; records written before a field existed may lack it. */
export interface ReclaimSubject {
  ownerId: string | null;
  state: string;
  locked?: boolean | null;
  lastFollowUpAt?: string | null;
  lastDealAt?: string | null;
  won?: boolean | null;
  levelId?: string | null;
  createdAt: string;
  /** When the current owner got it (create, claim, assign, transfer, restore). */
  ownedSince?: string | null;
  /** The pool it came from (and returns to); the default pool when absent. */
  poolId?: string | null;
}

/** The reclaim rules of every pool of a tenant, by pool id: what `reclaimFields` needs. */
export interface PoolRules {
  byPool: Record<string, ReclaimRules>;
}

export interface Reclaim {
  /** The pool the customer returns to. */
  poolId: string;
  at: string;
  /** When the owner starts to be warned (reclaimAt - warnDays). */
  warnAt: string;
  cause: ReclaimCause;
}

const later = (a: string, b: string | null | undefined) => (b && b > a ? b : a);
export const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/** The pool whose rules apply: the customer's own when it still exists, else the default pool. */
export function homePool(c: Pick<ReclaimSubject, 'poolId'>, rules: PoolRules): string {
  return c.poolId && rules.byPool[c.poolId] ? c.poolId : DEFAULT_POOL_ID;
}

/**
 * When an owned customer returns to its pool if nothing happens, and why; null when it never does
 * (not owned, locked, the pool does not reclaim, a won customer where won ones are excluded). Each
 * rule counts from the later of its last event and the day the current owner got the customer,
 * so a customer just claimed is not taken back at once. Days are exact 24-hour durations: "30 days
 * without a follow-up" is the same span in every time zone, and China has no daylight saving.
 */
export function computeReclaim(c: ReclaimSubject, rules: PoolRules | null): Reclaim | null {
  if (c.state !== 'active' || !c.ownerId || c.locked || !rules) return null;
  const poolId = homePool(c, rules);
  const r = rules.byPool[poolId];
  if (!r?.enabled) return null;
  if (r.excludeWon && c.won) return null;
  const since = c.ownedSince ?? c.createdAt;
  const candidates: Array<{ at: string; cause: ReclaimCause }> = [];
  const followUpDays = (c.levelId ? r.byLevel[c.levelId] : undefined) ?? r.noFollowUpDays;
  if (followUpDays)
    candidates.push({ at: plusDays(later(since, c.lastFollowUpAt), followUpDays), cause: 'noFollowUp' });
  if (r.noDealDays)
    candidates.push({ at: plusDays(later(since, c.lastDealAt), r.noDealDays), cause: 'noDeal' });
  const first = candidates.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))[0];
  if (!first) return null;
  return { poolId, at: first.at, warnAt: plusDays(first.at, -r.warnDays), cause: first.cause };
}

/** Just the instant: when the customer returns to its pool, or null for never. */
export const computeReclaimAt = (c: ReclaimSubject, rules: PoolRules | null) =>
  computeReclaim(c, rules)?.at ?? null;

/** Whether a customer is due by `at`: what the job does and the preview shows, decided alike. */
export function dueBy(c: ReclaimSubject, rules: PoolRules | null, at: string): Reclaim | null {
  const r = computeReclaim(c, rules);
  return r && r.at <= at ? r : null;
}
