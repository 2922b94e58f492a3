import { now } from '../clock.ts';
import * as customers from '../customers/repository.ts';
import type { CustomerRecord } from '../customers/rules.ts';
import { moveToPool } from '../customers/service.ts';
import { customerLists, reclaimLists } from '../db/keys.ts';
import { metered } from '../db/metering.ts';
import { queryPage } from '../db/query.ts';
import { PreconditionFailed } from '../http/errors.ts';
import { logger } from '../log.ts';
import { count } from '../metrics.ts';
import { notifySteps } from '../notifications/service.ts';
import * as pools from '../ownership/pools.ts';
import { type ReclaimFields, reclaimFields } from '../ownership/reclaim.ts';
import { dueBy, type PoolRules, type Reclaim } from '../ownership/rules.ts';
import * as repo from './repository.ts';
import type { Pool } from './schemas.ts';

/**
 * The reclaim job (自动回收, seed 002: 指定天数未跟进或未成交的客户自动划归客户池). Its work is in the
 * reclaim index itself, so it needs no scan and no bucket checkpoint:
 *
 * 1. Rule changes still being applied (RECLAIM#TASKS): each walks the tenant's active customers
 *    from its cursor, rewriting the reclaim fields that the new rules change, and saves the cursor
 *    after every page, so a crashed walk resumes where it stopped.
 * 2. Due customers: for each pool that reclaims (RECLAIM#POOLS), a Query of its partition for
 *    `reclaimAt <= now`. A reclaimed customer leaves the index in its own transaction, so a re-run
 *    (or a run resumed after a crash) reads only what is still due; each reclaim is conditioned on
 *    the customer's version, so two concurrent runs reclaim it once.
 *
 * Before reclaiming, the job decides again with the current rules (`dueBy`, as the preview does):
 * an entry written early (say, a follow-up whose writer did not recompute) is corrected, not acted on.
 */

/** The reason recorded in the owner history for an automatic reclaim. */
export const RECLAIMED_REASON = 'reclaimed';

export interface ReclaimRunOptions {
  /** Stop after this many writes (reclaims, corrections, recomputes): a crash mid-run, for tests. */
  maxItems?: number;
  /** Only these tenants' work (tests share one table); every tenant when absent. */
  tenantIds?: string[];
  /** Start no new page after this epoch-millisecond instant (the Lambda's remaining time). */
  deadline?: number;
  /** Customers per page of a recompute walk (the checkpoint moves after each page). */
  pageSize?: number;
}

export interface ReclaimRun {
  at: string;
  reclaimed: number;
  corrected: number;
  skipped: number;
  recomputed: number;
  recomputesFinished: number;
  /** False when the run stopped early (maxItems, deadline): the next run carries on. */
  complete: boolean;
  /**
   * Per tenant: the items DynamoDB read to reclaim its due customers (its pools, the due entries,
   * re-reads of customers changed meanwhile) and how many it reclaimed.
   */
  tenants: Record<string, { itemsRead: number; reclaimed: number }>;
  /** Every item the run read, pointers and recomputes included. */
  itemsRead: number;
}

class Budget {
  private writes = 0;
  constructor(private readonly opts: ReclaimRunOptions) {}
  spend() {
    this.writes += 1;
  }
  get exhausted() {
    return (
      (this.opts.maxItems !== undefined && this.writes >= this.opts.maxItems) ||
      (this.opts.deadline !== undefined && Date.now() >= this.opts.deadline)
    );
  }
}

const sameFields = (c: CustomerRecord, f: ReclaimFields) =>
  (c.reclaimAt ?? null) === f.reclaimAt &&
  (c.reclaimWarnAt ?? null) === f.reclaimWarnAt &&
  (c.reclaimPoolId ?? null) === f.reclaimPoolId;

/**
 * Writes a customer's reclaim fields as the rules give them, at the version read (a concurrent
 * change is read again). The customer's data does not change, so neither does updatedAt.
 */
async function rewriteFields(tenantId: string, seen: CustomerRecord, rules: PoolRules): Promise<boolean> {
  let c: CustomerRecord | undefined = seen;
  for (let attempt = 0; attempt < 3 && c; attempt++) {
    const fields = reclaimFields(c, rules);
    if (sameFields(c, fields)) return false;
    try {
      await customers.commit(
        customers.saveCustomerSteps(tenantId, { ...c, ...fields, version: c.version + 1 }, c, {}),
      );
      return true;
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      c = await customers.getCustomer(tenantId, seen.id);
    }
  }
  return false;
}

const causeText = (due: Reclaim, pool: Pool | undefined, c: CustomerRecord) => {
  const r = pool?.reclaim;
  if (due.cause === 'noDeal') return `超过 ${r?.noDealDays ?? ''} 天未成交`;
  const days = (c.levelId ? r?.byLevel[c.levelId] : undefined) ?? r?.noFollowUpDays ?? '';
  return `超过 ${days} 天未跟进`;
};

type Outcome = 'reclaimed' | 'corrected' | 'skipped';

/**
 * One due entry: reclaimed into its pool with the owner history and a notification to the owner in
 * one transaction, on the condition that the customer is still as read; decided again on a re-read
 * when it is not.
 */
async function reclaimOne(
  tenantId: string,
  seen: CustomerRecord,
  rules: PoolRules,
  pools: Map<string, Pool>,
  at: string,
): Promise<Outcome> {
  let c: CustomerRecord | undefined = seen;
  for (let attempt = 0; attempt < 3 && c; attempt++) {
    const due = dueBy(c, rules, at);
    if (!due) {
      if (c.state !== 'active') return 'skipped';
      return (await rewriteFields(tenantId, c, rules)) ? 'corrected' : 'skipped';
    }
    const pool = pools.get(due.poolId);
    const why = causeText(due, pool, c);
    try {
      await moveToPool(tenantId, c, {
        poolId: due.poolId,
        actor: null,
        action: 'reclaim',
        reasonId: RECLAIMED_REASON,
        note: why,
        extraSteps: notifySteps(tenantId, c.ownerId as string, {
          kind: 'reclaimed',
          title: `客户已回收至公海：${c.name}`,
          body: `${c.name}${why}，已自动回收至「${pool?.name ?? '公海'}」。`,
          link: `/v1/customers/${c.id}`,
          // The version reclaimed is unique: a retried transaction never notifies twice.
          dedupeKey: `reclaimed:${c.id}:${c.version}`,
        }),
      });
      return 'reclaimed';
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      c = await customers.getCustomer(tenantId, seen.id);
    }
  }
  return 'skipped';
}

/** The rules of a tenant's pools and the pools themselves (one Query), cached for the run. */
function tenantPools() {
  const cache = new Map<string, Promise<{ rules: PoolRules; pools: Map<string, Pool> }>>();
  return (tenantId: string) => {
    let found = cache.get(tenantId);
    if (!found) {
      found = pools.listAllPools(tenantId).then((list) => ({
        rules: { byPool: Object.fromEntries(list.map((p) => [p.id, p.reclaim])) },
        pools: new Map(list.map((p) => [p.id, p])),
      }));
      cache.set(tenantId, found);
    }
    return found;
  };
}

/** Applies a pool's changed rules to the tenant's active customers, page by page from its checkpoint. */
async function recompute(
  task: repo.RecomputeTask,
  rules: PoolRules,
  run: ReclaimRun,
  budget: Budget,
  pageSize: number,
) {
  const list = customerLists.company(task.tenantId);
  let current = task;
  while (!budget.exhausted) {
    const page = await queryPage<Record<string, unknown>>({
      tenantId: task.tenantId,
      index: list.index,
      pk: list.pk,
      limit: pageSize,
      cursor: current.cursor ?? undefined,
      fingerprint: `pool-recompute:${task.poolId}`,
    });
    for (const item of page.items) {
      if (budget.exhausted) return false;
      if (await rewriteFields(task.tenantId, customers.toRecord(item), rules)) {
        run.recomputed += 1;
        budget.spend();
      }
    }
    const done = page.nextCursor === null;
    // Newer rules replaced the task meanwhile: its own walk (from the start) takes over.
    if (!(await repo.advanceTask(current, done ? undefined : page.nextCursor, now().toISOString())))
      return true;
    if (done) {
      run.recomputesFinished += 1;
      return true;
    }
    current = { ...current, cursor: page.nextCursor };
  }
  return false;
}

/** Reclaims one pool's due customers; false when the budget ran out first. */
async function reclaimPool(
  tenantId: string,
  poolId: string,
  pools: { rules: PoolRules; pools: Map<string, Pool> },
  run: ReclaimRun,
  budget: Budget,
): Promise<boolean> {
  const list = reclaimLists.due(tenantId, poolId, run.at);
  const tally = run.tenants[tenantId] ?? { itemsRead: 0, reclaimed: 0 };
  run.tenants[tenantId] = tally;
  let cursor: string | undefined;
  do {
    if (budget.exhausted) return false;
    const page = await queryPage<Record<string, unknown>>({
      tenantId,
      ...list,
      limit: 100,
      cursor,
      fingerprint: 'reclaim-job',
    });
    for (const c of await customers.customersOfEntries(tenantId, page.items)) {
      if (budget.exhausted) return false;
      const outcome = await reclaimOne(tenantId, c, pools.rules, pools.pools, run.at);
      run[outcome] += 1;
      if (outcome === 'reclaimed') {
        tally.reclaimed += 1;
        count('reclaim');
      }
      if (outcome !== 'skipped') budget.spend();
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return true;
}

/** One run of the reclaim job at the clock's `now()`. */
export async function runReclaim(opts: ReclaimRunOptions = {}): Promise<ReclaimRun> {
  const run: ReclaimRun = {
    at: now().toISOString(),
    reclaimed: 0,
    corrected: 0,
    skipped: 0,
    recomputed: 0,
    recomputesFinished: 0,
    complete: true,
    tenants: {},
    itemsRead: 0,
  };
  const budget = new Budget(opts);
  const inScope = (tenantId: string) => !opts.tenantIds || opts.tenantIds.includes(tenantId);
  const poolsOf = tenantPools();

  /** Runs `fn`, adding what it read to the run (and to a tenant's tally). */
  const counted = async <T>(fn: () => Promise<T>, tenantId?: string): Promise<T> => {
    const { result, meter } = await metered(fn);
    run.itemsRead += meter.itemsRead;
    const tally = tenantId ? run.tenants[tenantId] : undefined;
    if (tally) tally.itemsRead += meter.itemsRead;
    return result;
  };

  for (const item of await counted(() => repo.readPointers(reclaimLists.tasks()))) {
    const task = repo.toTask(item);
    if (!inScope(task.tenantId)) continue;
    const done = await counted(async () => {
      const { rules } = await poolsOf(task.tenantId);
      return recompute(task, rules, run, budget, opts.pageSize ?? 100);
    });
    if (!done) {
      run.complete = false;
      return run;
    }
  }

  for (const item of await counted(() => repo.readPointers(reclaimLists.pools()))) {
    const [tenantId = '', poolId = ''] = String(item.reclaimDueSk).split('#');
    if (!inScope(tenantId)) continue;
    run.tenants[tenantId] ??= { itemsRead: 0, reclaimed: 0 };
    const done = await counted(
      async () => reclaimPool(tenantId, poolId, await poolsOf(tenantId), run, budget),
      tenantId,
    );
    if (!done) {
      run.complete = false;
      return run;
    }
  }
  if (run.reclaimed || run.corrected || run.recomputed)
    logger.info('reclaim run', {
      reclaimed: run.reclaimed,
      corrected: run.corrected,
      recomputed: run.recomputed,
    });
  return run;
}
