import type { Viewer } from '../customers/rules.ts';
import type { FieldError } from '../http/errors.ts';
import { localDate as zonedDate } from '../local-time.ts';
import { plusDays } from '../ownership/rules.ts';
import type { Pool, ReclaimRules } from './schemas.ts';

/** Pure decisions of the public pool (公海): who assigns, rule changes, claim limits. */

const DAY_MS = 86_400_000;

/** Who may assign the pool's customers: administrators, holders of pool.assign and the pool's admins. */
export const canAssign = (pool: Pick<Pool, 'adminUserIds'>, viewer: Viewer) =>
  viewer.isAdmin || viewer.permissions.has('pool.assign') || pool.adminUserIds.includes(viewer.userId);

/** Who may look at a pool's reclaim preview: those who may assign from it or manage pools. */
export const canPreview = (pool: Pick<Pool, 'adminUserIds'>, viewer: Viewer) =>
  canAssign(pool, viewer) || viewer.permissions.has('pool.manage');

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
export const localDate = (at: Date, timezone: string) => zonedDate(at, timezone);

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
