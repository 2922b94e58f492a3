import { ulid } from 'ulid';
import { now } from '../clock.ts';
import * as customers from '../customers/repository.ts';
import {
  type CustomerRecord,
  canSee,
  historyEntry,
  intoPool,
  present,
  presentTo,
  touched,
  type Writer,
  writerOf,
} from '../customers/rules.ts';
import type { Customer, HistoryEntry, RecycledToPoolInput } from '../customers/schemas.ts';
import {
  loadManageableCustomer,
  loadRecycled,
  loadVisibleCustomer,
  moveToPool,
} from '../customers/service.ts';
import { customerLists, reclaimLists } from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import {
  BadRequest,
  Conflict,
  type FieldError,
  Forbidden,
  NotFound,
  PreconditionFailed,
  Unprocessable,
} from '../http/errors.ts';
import { count } from '../metrics.ts';
import { getRoles, getUser, getUsers } from '../org/repository.ts';
import type { User } from '../org/schemas.ts';
import { visiblePool } from '../ownership/access.ts';
import * as pools from '../ownership/pools.ts';
import { loadReclaimRules, withClock } from '../ownership/reclaim.ts';
import { DEFAULT_POOL_ID, disabledReclaim, dueBy, isMember, isOpenPool } from '../ownership/rules.ts';
import { assertDictionaryItems } from '../settings/dictionaries.ts';
import { getSettings } from '../settings/repository.ts';
import * as repo from './repository.ts';
import {
  canAssign,
  canPreview,
  cooldownCutoff,
  cooldownEnds,
  dailyClaimsExpiry,
  inCooldown,
  localDate,
  mergeReclaim,
  reclaimChanged,
  reclaimErrors,
} from './rules.ts';
import type {
  ClaimInput,
  CreatePoolInput,
  Pool,
  PreviewCustomer,
  ReclaimRules,
  ReleaseInput,
  UpdatePoolInput,
} from './schemas.ts';

/**
 * The public pool (公海): pool definitions, release (放入公海), claim (挑选), assign (分配), locks, the
 * reclaim preview and the owner history. Every limit is a condition: a reservation held before the
 * customer's write and given back if it does not go in (lib/db/write.ts commitSteps).
 */

const actorOf = (auth: Auth) => ({ id: auth.userId, name: auth.userName });

/** The customer changed between our read and our write (nothing was written): read again. */
class Stale extends Error {}

const retrying = <T>(fn: () => Promise<T>): Promise<T> =>
  customers.rereading(fn, (error) => error instanceof Stale || error instanceof PreconditionFailed);

// ---- pool definitions --------------------------------------------------------------------------

const seesAllPools = (auth: Auth) => auth.isAdmin || auth.permissions.has('pool.manage');

/** The pools the caller is a member of (every pool for administrators and pool managers). */
export async function listPools(auth: Auth, page: { limit: number; cursor?: string | undefined }) {
  const result = await repo.listPools(auth.tenantId, page, 'pools');
  return {
    items: result.items.filter((p) => seesAllPools(auth) || isMember(p, auth)),
    nextCursor: result.nextCursor,
  };
}

export async function getPool(auth: Auth, id: string): Promise<Pool> {
  const pool = await visiblePool(auth, id);
  if (!pool) throw new NotFound('pool');
  return pool;
}

type PoolRefs = Partial<Pick<CreatePoolInput, 'memberRoleIds' | 'memberUserIds' | 'adminUserIds'>> & {
  byLevel?: Record<string, number> | undefined;
};

/** Every role, user and level a pool names must exist in the tenant (400 with the path otherwise). */
async function assertRefs(tenantId: string, refs: PoolRefs): Promise<void> {
  const roleIds = refs.memberRoleIds ?? [];
  const userLists = (['memberUserIds', 'adminUserIds'] as const).map((field) => ({
    field,
    ids: refs[field] ?? [],
  }));
  const [roles, users] = await Promise.all([
    roleIds.length ? getRoles(tenantId, roleIds) : Promise.resolve([]),
    getUsers(
      tenantId,
      userLists.flatMap((l) => l.ids),
    ),
  ]);
  const errors: FieldError[] = [];
  const knownRoles = new Set(roles.map((r) => r.id));
  roleIds.forEach((id, i) => {
    if (!knownRoles.has(id))
      errors.push({
        path: `body.memberRoleIds.${i}`,
        code: 'unknown_role',
        message: 'No role of this company has this id',
      });
  });
  const knownUsers = new Set(users.map((u) => u.id));
  for (const { field, ids } of userLists) {
    ids.forEach((id, i) => {
      if (!knownUsers.has(id))
        errors.push({
          path: `body.${field}.${i}`,
          code: 'unknown_user',
          message: 'No user of this company has this id',
        });
    });
  }
  if (errors.length > 0) throw new BadRequest('Some references are invalid.', errors);
  const levels = Object.keys(refs.byLevel ?? {});
  await assertDictionaryItems(
    tenantId,
    levels.map((id) => ({ path: `body.reclaim.byLevel.${id}`, kind: 'level' as const, id })),
  );
}

function assertReclaim(r: ReclaimRules): void {
  const errors = reclaimErrors(r, 'body.reclaim');
  if (errors.length > 0) throw new BadRequest('The reclaim rules are incomplete.', errors);
}

/** A new pool (needs pool.manage): its members, limits and reclaim rules. */
export async function createPool(auth: Auth, input: CreatePoolInput): Promise<Pool> {
  const reclaim = mergeReclaim(disabledReclaim(), input.reclaim);
  assertReclaim(reclaim);
  await assertRefs(auth.tenantId, { ...input, byLevel: reclaim.byLevel });
  const at = now().toISOString();
  const pool: Pool = {
    id: ulid(),
    name: input.name,
    isDefault: false,
    memberRoleIds: input.memberRoleIds ?? [],
    memberUserIds: input.memberUserIds ?? [],
    adminUserIds: input.adminUserIds ?? [],
    claimDailyLimit: input.claimDailyLimit ?? null,
    formerOwnerCooldownDays: input.formerOwnerCooldownDays ?? 0,
    exchangeRequired: input.exchangeRequired ?? false,
    reclaim,
    rulesVersion: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await repo.createPool(auth.tenantId, pool);
  return pool;
}

const recomputeTask = (tenantId: string, pool: Pick<Pool, 'id' | 'rulesVersion'>, at: string) => ({
  tenantId,
  poolId: pool.id,
  rulesVersion: pool.rulesVersion,
  cursor: null,
  requestedAt: at,
  advancedAt: at,
});

/** The default pool stays open to every user: its member lists cannot be set (its admins can). */
function assertOpenMembers(patch: UpdatePoolInput): void {
  const errors: FieldError[] = (['memberRoleIds', 'memberUserIds'] as const)
    .filter((field) => patch[field] !== undefined)
    .map((field) => ({
      path: `body.${field}`,
      code: 'default_pool_open',
      message: 'Every user belongs to the default pool; create another pool to narrow members',
    }));
  if (errors.length > 0) throw new BadRequest('The default pool is open to every user.', errors);
}

/**
 * Changes a pool at the version the client read (If-Match). A change of the reclaim rules bumps
 * `rulesVersion` and opens a recompute checkpoint in the same transaction: the reclaim job applies
 * the new rules to the customers in the background, resumably.
 */
export async function updatePool(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdatePoolInput,
): Promise<Pool> {
  const pool = await pools.getPool(auth.tenantId, id);
  if (!pool) throw new NotFound('pool');
  if (isOpenPool(pool.id)) assertOpenMembers(patch);
  if (pool.version !== expected) throw new PreconditionFailed();
  const reclaim = mergeReclaim(pool.reclaim, patch.reclaim);
  assertReclaim(reclaim);
  await assertRefs(auth.tenantId, { ...patch, byLevel: patch.reclaim?.byLevel });
  const at = now().toISOString();
  const rulesChanged = reclaimChanged(pool.reclaim, reclaim);
  const next: Pool = {
    ...pool,
    name: patch.name ?? pool.name,
    memberRoleIds: patch.memberRoleIds ?? pool.memberRoleIds,
    memberUserIds: patch.memberUserIds ?? pool.memberUserIds,
    adminUserIds: patch.adminUserIds ?? pool.adminUserIds,
    claimDailyLimit: patch.claimDailyLimit === undefined ? pool.claimDailyLimit : patch.claimDailyLimit,
    formerOwnerCooldownDays: patch.formerOwnerCooldownDays ?? pool.formerOwnerCooldownDays,
    exchangeRequired: patch.exchangeRequired ?? pool.exchangeRequired ?? false,
    reclaim,
    rulesVersion: rulesChanged ? pool.rulesVersion + 1 : pool.rulesVersion,
    updatedAt: at,
    version: pool.version + 1,
  };
  await repo.updatePool(
    auth.tenantId,
    next,
    pool,
    rulesChanged ? recomputeTask(auth.tenantId, next, at) : null,
  );
  return next;
}

/**
 * Deletes an empty pool other than the default one (409 otherwise). Customers that came from it
 * and are owned now fall back to the default pool's rules (a recompute applies them).
 */
export async function deletePool(auth: Auth, id: string, expected: number | undefined): Promise<void> {
  const pool = await pools.getPool(auth.tenantId, id);
  if (!pool) throw new NotFound('pool');
  if (expected !== undefined && pool.version !== expected) throw new PreconditionFailed();
  if (pool.isDefault) throw new Conflict('default_pool', 'The default pool cannot be deleted.');
  if (await repo.poolHasCustomers(auth.tenantId, customerLists.pool(auth.tenantId, id)))
    throw new Conflict('pool_not_empty', 'The pool still holds customers; assign or move them first.');
  const at = now().toISOString();
  await repo.deletePool(
    auth.tenantId,
    pool,
    recomputeTask(auth.tenantId, { id, rulesVersion: pool.rulesVersion + 1 }, at),
  );
}

// ---- release (放入公海) --------------------------------------------------------------------------

/** A move into a pool checked once (reason, target pool), for one customer or a batch. */
export interface PreparedRelease {
  poolId: string;
  reasonId: string | null;
  note: string | null;
}

/**
 * The reason, when given, must be an enabled poolReason item (a release always gives one; a
 * recycle-bin entry may go without); the pool (the default one when unnamed) one the caller belongs to.
 */
export async function prepareRelease(
  auth: Auth,
  input: { reasonId?: string | undefined; poolId?: string | undefined; note?: string | undefined },
): Promise<PreparedRelease> {
  const poolId = input.poolId ?? DEFAULT_POOL_ID;
  const { reasonId } = input;
  const [, pool] = await Promise.all([
    reasonId
      ? assertDictionaryItems(auth.tenantId, [{ path: 'body.reasonId', kind: 'poolReason', id: reasonId }])
      : undefined,
    visiblePool(auth, poolId),
  ]);
  if (!pool)
    throw new BadRequest('The pool does not exist or is not yours.', [
      { path: 'body.poolId', code: 'unknown_pool', message: 'Name a pool you are a member of' },
    ]);
  return { poolId, reasonId: reasonId ?? null, note: input.note ?? null };
}

/**
 * Puts a customer into a pool (seed 000 §二.2: 放入公海) with a reason: the owner, their superiors
 * or an administrator. The owner's quota and lock counters drop once it went in, and the owner
 * history records it.
 */
export async function releaseCustomer(auth: Auth, id: string, release: PreparedRelease): Promise<Customer> {
  return retrying(async () => {
    const c = await loadManageableCustomer(auth, id);
    const next = await moveToPool(auth.tenantId, c, {
      poolId: release.poolId,
      actor: actorOf(auth),
      action: 'release',
      reasonId: release.reasonId,
      note: release.note,
    });
    count('release');
    return present(next);
  });
}

export const release = async (auth: Auth, id: string, input: ReleaseInput) =>
  releaseCustomer(auth, id, await prepareRelease(auth, input));

// ---- claim (挑选) and assign (分配) --------------------------------------------------------------

const alreadyClaimed = () =>
  new Conflict('already_claimed', 'The customer is no longer in the pool: someone else took it.');

const cooldown = (c: CustomerRecord, days: number) =>
  new Conflict(
    'former_owner_cooldown',
    `You released this customer; you may claim it again after ${days} days.`,
    { availableAt: c.releasedAt ? cooldownEnds(c.releasedAt, days) : null },
  );

/**
 * A pool customer and its pool, for claim and assign: 404 when the caller may not see the pool
 * (or the id is unknown), 409 already_claimed when it has left the pool.
 */
async function loadPoolCustomer(auth: Auth, id: string): Promise<{ c: CustomerRecord; pool: Pool }> {
  const c = await customers.getCustomer(auth.tenantId, id);
  if (!c || c.state === 'recycled') throw new NotFound('customer');
  if (c.state !== 'pool') {
    if (c.ownerId === auth.userId) throw new Conflict('already_owner', 'You own this customer already.');
    throw alreadyClaimed();
  }
  // A customer left in a deleted pool belongs to the default pool (its members, its limits).
  const pool =
    (await pools.getPool(auth.tenantId, c.poolId ?? DEFAULT_POOL_ID)) ??
    (await pools.ensureDefaultPool(auth.tenantId, now().toISOString()));
  if (!pool || !(seesAllPools(auth) || isMember(pool, auth))) throw new NotFound('customer');
  return { c, pool };
}

/**
 * The customer item's step of a claim or an assign: at the version read, and still in its pool
 * (and, for a claim, not the caller's to wait for). When the condition fails, the customer is read
 * again to say why: taken (409 already_claimed), cooling down, or merely changed (read again).
 */
function takeSteps(
  tenantId: string,
  next: CustomerRecord,
  c: CustomerRecord,
  cooldownFor: { userId: string; cutoff: string; days: number } | null,
): customers.Step[] {
  const [root, ...rest] = customers.saveCustomerSteps(tenantId, next, c, {});
  const put = root?.item.Put;
  if (!root || !put) throw new Error('saveCustomerSteps starts with the customer put');
  const names: Record<string, string> = { '#state': 'state', '#poolId': 'poolId' };
  const values: Record<string, unknown> = { ':pool': 'pool', ':poolId': c.poolId };
  let expression = `(${put.ConditionExpression}) AND #state = :pool AND #poolId = :poolId`;
  if (cooldownFor) {
    expression += ' AND NOT (#previous = :me AND #releasedAt > :cutoff)';
    Object.assign(names, { '#previous': 'previousOwnerId', '#releasedAt': 'releasedAt' });
    Object.assign(values, { ':me': cooldownFor.userId, ':cutoff': cooldownFor.cutoff });
  }
  const guarded: customers.Step = {
    // Keeps what else the step carries (the contacts follow the customer: `contactsOf`).
    ...root,
    item: {
      Put: {
        ...put,
        ConditionExpression: expression,
        ExpressionAttributeNames: { ...put.ExpressionAttributeNames, ...names },
        ExpressionAttributeValues: { ...put.ExpressionAttributeValues, ...values },
      },
    },
    fail: async () => {
      const fresh = await customers.getCustomer(tenantId, c.id);
      if (fresh?.state !== 'pool' || fresh.poolId !== c.poolId) return alreadyClaimed();
      if (cooldownFor && inCooldown(fresh, cooldownFor.userId, now(), cooldownFor.days))
        return cooldown(fresh, cooldownFor.days);
      return new Stale();
    },
  };
  return [guarded, ...rest];
}

const historyStep = (
  tenantId: string,
  c: CustomerRecord,
  action: 'claim' | 'assign',
  actor: { id: string; name: string },
  to: { id: string; name: string },
  at: string,
) =>
  customers.historyStep(
    tenantId,
    historyEntry({
      id: ulid(),
      customerId: c.id,
      at,
      action,
      actor,
      from: null,
      to,
      poolId: c.poolId,
    }),
  );

/** The customer as its new owner gets it: owned from now, unlocked, its reclaim instant computed. */
const ownedBy = (
  c: CustomerRecord,
  owner: { id: string; name: string; rolePath: string },
  at: string,
  by: Writer,
) =>
  touched(
    c,
    at,
    {
      state: 'active',
      ownerId: owner.id,
      ownerName: owner.name,
      ownerRolePath: owner.rolePath,
      ownedSince: at,
      locked: false,
    },
    by,
  );

/**
 * The caller takes a pool customer (seed 000 §二.2: 挑选为自己的客户). One transaction holds every
 * limit: the customer still in its pool (exactly one of concurrent claimers wins: 409
 * already_claimed), the caller's owned counter (409 quota_exceeded), their claims today in the
 * tenant's time zone (409 daily_claim_limit) and the former owner's cooldown (409
 * former_owner_cooldown).
 */
export async function claim(auth: Auth, id: string, input: ClaimInput = {}): Promise<Customer> {
  return retrying(async () => {
    const { c, pool } = await loadPoolCustomer(auth, id);
    const given = pool.exchangeRequired ? await loadExchange(auth, pool, c, input) : null;
    const settings = await getSettings(auth.tenantId);
    const clock = now();
    const at = clock.toISOString();
    const days = pool.formerOwnerCooldownDays;
    if (inCooldown(c, auth.userId, clock, days)) throw cooldown(c, days);
    const next = await withClock(
      auth.tenantId,
      ownedBy(c, { id: auth.userId, name: auth.userName, rolePath: auth.rolePath }, at, writerOf(auth)),
      c,
    );
    const cutoff = cooldownCutoff(clock, days);
    await customers.commit([
      ...takeSteps(auth.tenantId, next, c, cutoff ? { userId: auth.userId, cutoff, days } : null),
      ...(given
        ? exchangeSteps(auth, given, c, at, settings.maxCustomersPerRep)
        : customers.ownershipChange(auth.tenantId, null, auth.userId, settings.maxCustomersPerRep)),
      ...(pool.claimDailyLimit === null
        ? []
        : [
            repo.dailyClaimStep(
              auth.tenantId,
              auth.userId,
              localDate(clock, settings.timezone),
              pool.claimDailyLimit,
              dailyClaimsExpiry(clock),
            ),
          ]),
      historyStep(auth.tenantId, c, 'claim', actorOf(auth), actorOf(auth), at),
    ]);
    count('claim');
    return present(next);
  });
}

/**
 * What a claim from an exchange pool gives back: one of the caller's own active customers (422
 * exchange_required without one, 422 invalid_exchange for any other), with a valid reason if given.
 */
async function loadExchange(
  auth: Auth,
  pool: Pool,
  claimed: CustomerRecord,
  input: ClaimInput,
): Promise<{ c: CustomerRecord; release: PreparedRelease }> {
  if (!input?.releaseId)
    throw new Unprocessable(
      'exchange_required',
      'This pool gives a customer only in exchange for one of yours (得到客户需要拿一个客户交换): name it as releaseId.',
    );
  const [c, release] = await Promise.all([
    customers.getCustomer(auth.tenantId, input.releaseId),
    prepareRelease(auth, { reasonId: input.reasonId, poolId: pool.id }),
  ]);
  if (!c || c.id === claimed.id || c.state !== 'active' || c.ownerId !== auth.userId)
    throw new Unprocessable('invalid_exchange', 'releaseId must name one of your own customers.');
  return { c, release };
}

/** The customer given back in an exchange: into the pool at the version read, its owner history, the counters. */
function exchangeSteps(
  auth: Auth,
  given: { c: CustomerRecord; release: PreparedRelease },
  claimed: CustomerRecord,
  at: string,
  max: number | null,
): customers.Step[] {
  const { c, release } = given;
  return [
    ...customers.saveCustomerSteps(auth.tenantId, intoPool(c, release.poolId, at, writerOf(auth)), c, {}),
    repo.exchangeCountStep(auth.tenantId, auth.userId, max, c.locked ? 1 : 0),
    customers.historyStep(
      auth.tenantId,
      historyEntry({
        id: ulid(),
        customerId: c.id,
        at,
        action: 'release',
        actor: actorOf(auth),
        from: actorOf(auth),
        to: null,
        poolId: release.poolId,
        reasonId: release.reasonId,
        note: `交换：${claimed.name}`,
      }),
    ),
  ];
}

async function activeUser(tenantId: string, userId: string): Promise<User> {
  const user = await getUser(tenantId, userId);
  if (!user)
    throw new BadRequest('The user does not exist.', [
      { path: 'body.userId', code: 'unknown_user', message: 'No user of this company has this id' },
    ]);
  if (user.disabled)
    throw new Unprocessable('user_disabled', `${user.name} is disabled and cannot take customers.`);
  return user;
}

/** The root role's path has one segment: its users are the tenant's administrators. */
const isAdminPath = (rolePath: string) => rolePath.split('/').filter(Boolean).length === 1;

/**
 * A pool customer handed to a user by a manager (seed 000 §二.4: 分配): needs pool.assign or to be
 * the pool's admin; the user must be a member of the pool and stay within their quota. No daily
 * limit and no cooldown: those restrain claimers, not managers.
 */
export async function assign(auth: Auth, id: string, userId: string): Promise<Customer> {
  const target = await activeUser(auth.tenantId, userId);
  return retrying(async () => {
    const { c, pool } = await loadPoolCustomer(auth, id);
    if (!canAssign(pool, auth))
      throw new Forbidden(
        'Assigning needs the permission "pool.assign" or to be the pool\'s admin.',
        'not_pool_admin',
      );
    if (
      !isMember(pool, { userId: target.id, rolePath: target.rolePath, isAdmin: isAdminPath(target.rolePath) })
    )
      throw new Unprocessable(
        'not_pool_member',
        `${target.name} is not a member of the pool "${pool.name}".`,
      );
    const settings = await getSettings(auth.tenantId);
    const at = now().toISOString();
    const next = await withClock(auth.tenantId, ownedBy(c, target, at, writerOf(auth)), c);
    await customers.commit([
      ...takeSteps(auth.tenantId, next, c, null),
      ...customers.ownershipChange(auth.tenantId, null, target.id, settings.maxCustomersPerRep),
      historyStep(auth.tenantId, c, 'assign', actorOf(auth), { id: target.id, name: target.name }, at),
    ]);
    return present(next);
  });
}

// ---- lock --------------------------------------------------------------------------------------

/**
 * Locks a customer against automatic reclaim (or unlocks it): the owner, their superiors or an
 * administrator. A lock counts against the owner's lockedCustomersPerRep (409 lock_limit), by a
 * reservation on their counter held before the customer's write. Locking twice changes nothing.
 */
export async function setLock(auth: Auth, id: string, locked: boolean): Promise<Customer> {
  return retrying(async () => {
    const c = await loadManageableCustomer(auth, id);
    if ((c.locked ?? false) === locked) return present(c);
    const owner = c.ownerId as string;
    const settings = await getSettings(auth.tenantId);
    const next = await withClock(
      auth.tenantId,
      touched(c, now().toISOString(), { locked }, writerOf(auth)),
      c,
    );
    await customers.commit([
      ...customers.saveCustomerSteps(auth.tenantId, next, c, {}),
      repo.lockCountStep(
        auth.tenantId,
        owner,
        locked ? 1 : -1,
        locked ? settings.lockedCustomersPerRep : null,
      ),
    ]);
    return present(next);
  });
}

// ---- reads -------------------------------------------------------------------------------------

/** Every create, claim, assign, transfer, release, reclaim and merge of a customer, newest first. */
export async function ownerHistory(
  auth: Auth,
  id: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<HistoryEntry>> {
  const c = await loadVisibleCustomer(auth, id);
  return customers.listChildren<HistoryEntry>(auth.tenantId, c.id, 'history', page);
}

/**
 * A due customer as the previewer may see it: whole where the data scope lets them see it, else only
 * what deciding about the pool needs (who loses it, and when), never phones or notes.
 */
const previewOf = (auth: Auth, c: CustomerRecord): PreviewCustomer =>
  canSee(auth, c)
    ? presentTo(auth, c)
    : {
        id: c.id,
        name: c.name,
        ownerId: c.ownerId,
        ownerName: c.ownerName,
        reclaimAt: c.reclaimAt,
        restricted: true,
      };

/**
 * The customers of a pool that the reclaim job would take back by `at` (default now), earliest
 * first, changing nothing. Each candidate from the pool's reclaim index is decided by `dueBy` with
 * the current rules, exactly as the job decides it.
 */
export async function reclaimPreview(
  auth: Auth,
  poolId: string,
  query: { at?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const pool = await visiblePool(auth, poolId);
  if (!pool) throw new NotFound('pool');
  if (!canPreview(pool, auth))
    throw new Forbidden(
      "The preview needs pool.assign, pool.manage or to be the pool's admin.",
      'not_pool_admin',
    );
  const at = query.at ? new Date(query.at).toISOString() : now().toISOString();
  const rules = await loadReclaimRules(auth.tenantId);
  const list = reclaimLists.due(auth.tenantId, poolId, at);
  const page = await queryPage<Record<string, unknown>>({
    tenantId: auth.tenantId,
    ...list,
    limit: query.limit,
    cursor: query.cursor,
    fingerprint: `reclaim-preview|${poolId}|${query.at ?? 'now'}`,
  });
  const candidates = await customers.customersOfEntries(auth.tenantId, page.items);
  const items = candidates.flatMap((c) => {
    const due = dueBy(c, rules, at);
    return due && due.poolId === poolId
      ? [{ customer: previewOf(auth, c), reclaimAt: due.at, cause: due.cause }]
      : [];
  });
  return { poolId, at, items, nextCursor: page.nextCursor };
}

/**
 * A recycle-bin entry into a pool (seed 000 §二.4: 放入公海): the named one the caller belongs to, or
 * the default pool, with an optional reason and note for the owner history.
 */
export async function recycledToPool(
  auth: Auth,
  id: string,
  input: RecycledToPoolInput = {},
): Promise<Customer> {
  const target = await prepareRelease(auth, input);
  return retrying(async () => {
    const c = await loadRecycled(auth, id);
    return present(
      await moveToPool(auth.tenantId, c, {
        poolId: target.poolId,
        actor: actorOf(auth),
        reasonId: target.reasonId,
        note: target.note,
      }),
    );
  });
}
