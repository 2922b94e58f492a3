import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Viewer } from '../customers/rules.ts';
import type { FieldError } from '../http/errors.ts';
import type { Pool, ReclaimCause, ReclaimRules } from './schemas.ts';

/** Pure decisions of the public pool (公海): membership, reclaim instants, claim limits. */

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

type Member = Pick<Viewer, 'userId' | 'rolePath' | 'isAdmin'>;

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

/** Who may assign the pool's customers: administrators, holders of pool.assign and the pool's admins. */
export const canAssign = (pool: Pick<Pool, 'adminUserIds'>, viewer: Viewer) =>
  viewer.isAdmin || viewer.permissions.has('pool.assign') || pool.adminUserIds.includes(viewer.userId);

/** Who may look at a pool's reclaim preview: those who may assign from it or manage pools. */
export const canPreview = (pool: Pick<Pool, 'adminUserIds'>, viewer: Viewer) =>
  canAssign(pool, viewer) || viewer.permissions.has('pool.manage');

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
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

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

/** Reclaim rules after a change: given fields replace theirs. */
export function mergeReclaim(current: ReclaimRules, patch: Partial<ReclaimRules> | undefined): ReclaimRules {
  if (!patch) return current;
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(next, { [key]: value });
  }
  return next;
}

/** An enabled reclaim needs a rule to apply; levels' days must be days. */
export function reclaimErrors(r: ReclaimRules, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (r.enabled && !r.noFollowUpDays && !r.noDealDays && Object.keys(r.byLevel).length === 0)
    errors.push({
      path,
      code: 'no_reclaim_rule',
      message: 'An enabled reclaim needs noFollowUpDays, noDealDays or byLevel',
    });
  return errors;
}

/** Whether the rules that decide reclaimAt differ (claim limits and members do not matter to it). */
export const reclaimChanged = (a: ReclaimRules, b: ReclaimRules) =>
  JSON.stringify(normalized(a)) !== JSON.stringify(normalized(b));
const normalized = (r: ReclaimRules) => ({
  ...r,
  byLevel: Object.fromEntries(Object.entries(r.byLevel).sort(([x], [y]) => (x < y ? -1 : 1))),
});

// ---- claim limits ------------------------------------------------------------------------------

/** The tenant-local calendar date an instant falls on: daily claim limits reset at local midnight. */
export const localDate = (at: Date, timezone: string) => format(at, 'yyyy-MM-dd', { in: tz(timezone) });

/** The daily claim counter outlives its day by a few days, then TTL deletes it (epoch seconds). */
export const dailyClaimsExpiry = (at: Date) => Math.floor(at.getTime() / 1000) + 3 * 86_400;

/**
 * The last owner may not claim a customer back while `releasedAt` is later than this instant
 * (now - cooldown days); null when the pool has no cooldown.
 */
export const cooldownCutoff = (now: Date, cooldownDays: number) =>
  cooldownDays > 0 ? new Date(now.getTime() - cooldownDays * DAY_MS).toISOString() : null;

/** When the last owner may claim again (for the 409 body). */
export const cooldownEnds = (releasedAt: string, cooldownDays: number) => plusDays(releasedAt, cooldownDays);

export function inCooldown(
  c: { previousOwnerId?: string | null; releasedAt?: string | null },
  userId: string,
  now: Date,
  cooldownDays: number,
): boolean {
  const cutoff = cooldownCutoff(now, cooldownDays);
  return cutoff !== null && c.previousOwnerId === userId && !!c.releasedAt && c.releasedAt > cutoff;
}
