/**
 * The public pool's part of the bench: a seeder that turns on reclaim in the default pool and loads
 * owned customers straight into the table (BatchWrite through the customers' item builders, each
 * carrying the reclaim fields lib/ownership/reclaim.ts gives it): `scale` of them (at least a page) due at the job's
 * instant, twice as many not yet due, some locked, plus a page of reclaim-soon customers for
 * reps[0] and more pool customers. Then the pool views, the preview, and one run of the reclaim job,
 * which must read about one item per customer it reclaims at both sizes.
 */
import { ulid } from 'ulid';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { newCustomerItems, userCountersItem } from '#lib/customers/repository.ts';
import { intoPool, newCustomer } from '#lib/customers/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import { getPool, poolItem } from '#lib/ownership/pools.ts';
import { withReclaim } from '#lib/ownership/reclaim.ts';
import { DEFAULT_POOL_ID, type PoolRules } from '#lib/ownership/rules.ts';
import { getCounters } from '#lib/pool/repository.ts';
import type { ReclaimRules } from '#lib/pool/schemas.ts';
import type { BenchEndpoint, BenchJob, BenchUser, Seeder } from './endpoints.ts';

const PAGE = 50;
const DAY = 86_400_000;
/** The seeded customers' owners got them on this day; the rule takes them back 30 days later. */
const OWNED = Date.parse('2024-06-01T00:00:00.000Z');
/** The rule the bench tenants run: back to the pool after 30 days without a follow-up. */
export const RULES: ReclaimRules = {
  enabled: true,
  noFollowUpDays: 30,
  noDealDays: null,
  byLevel: {},
  warnDays: 3,
  excludeWon: true,
};
/** The reclaim job runs 45 days after OWNED: the `due` customers are due, the others not yet. */
export const RECLAIM_AT = new Date(OWNED + 45 * DAY).toISOString();
const BATCH_WORKERS = 8;

export const poolSeeder: Seeder = {
  name: 'pool (reclaim on; due, not-yet-due, locked, reclaim-soon and pool customers)',
  async seed(_api, tenant) {
    const first = tenant.reps[0];
    if (!first) throw new Error('the pool seeder needs the users seeder first');
    const pool = await getPool(tenant.tenantId, DEFAULT_POOL_ID);
    if (!pool) throw new Error('the tenant has no default pool');
    const rules: PoolRules = { byPool: { [DEFAULT_POOL_ID]: RULES } };
    const repPath = `/${tenant.roles.root}/${tenant.roles.manager}/${tenant.roles.rep}`;
    const items: Record<string, unknown>[] = [poolItem(tenant.tenantId, { ...pool, reclaim: RULES })];
    const owned = new Map<string, number>();
    // More than a page of the preview is due at either size.
    const due = Math.max(PAGE + 5, tenant.scale);
    const soonAt = Date.now() - 28 * DAY;
    const groups = [
      { count: due, owner: (i: number) => tenant.reps[i % tenant.reps.length] as BenchUser, since: OWNED },
      {
        count: 2 * due,
        owner: (i: number) => tenant.reps[i % tenant.reps.length] as BenchUser,
        since: OWNED + 60 * DAY,
      },
      {
        count: due,
        owner: (i: number) => tenant.reps[i % tenant.reps.length] as BenchUser,
        since: OWNED,
        locked: true,
      },
      { count: PAGE + 5, owner: () => first, since: soonAt },
      { count: PAGE + 5, owner: () => first, since: OWNED, pool: true },
    ];
    let n = 0;
    for (const group of groups) {
      for (let i = 0; i < group.count; i++, n++) {
        const owner = group.owner(i);
        const name = `公海基准${tenant.size}${n}号贸易有限公司`;
        const at = new Date(group.since + i * 60_000).toISOString();
        const created = newCustomer({
          id: ulid(),
          name,
          phone: null,
          nameKey: normalizeName(name),
          searchTerms: searchTerms(name, null),
          owner: { id: owner.userId, name: owner.name, rolePath: repPath },
          createdBy: owner.userId,
          at,
          fields: {},
        });
        const c = group.pool
          ? intoPool(created, DEFAULT_POOL_ID, at)
          : withReclaim({ ...created, locked: group.locked === true }, rules);
        if (c.state === 'active') owned.set(owner.userId, (owned.get(owner.userId) ?? 0) + 1);
        items.push(...newCustomerItems(tenant.tenantId, c));
      }
    }
    // The customers seeder counted its own; these add to them.
    const counts = await Promise.all(
      [...owned].map(async ([userId, count]) =>
        userCountersItem(
          tenant.tenantId,
          userId,
          (await getCounters(tenant.tenantId, userId)).ownedCount + count,
        ),
      ),
    );
    items.push(...counts);
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 500) chunks.push(items.slice(i, i + 500));
    let next = 0;
    await Promise.all(
      Array.from({ length: BATCH_WORKERS }, async () => {
        while (next < chunks.length) await batchPut(chunks[next++] as Record<string, unknown>[]);
      }),
    );
  },
};

export const poolEndpoints: BenchEndpoint[] = [
  {
    name: `pool: default pool, ${PAGE} per page (rep)`,
    route: 'GET /v1/customers',
    path: () => `/v1/customers?view=pool&limit=${PAGE}`,
    as: 'rep',
  },
  {
    name: `pool: my customers about to be reclaimed, ${PAGE} per page (rep)`,
    route: 'GET /v1/customers',
    path: () => `/v1/customers?view=reclaim-soon&limit=${PAGE}`,
    as: 'rep',
  },
  {
    name: `pool: reclaim preview at the job's instant, ${PAGE} per page (admin)`,
    route: 'GET /v1/pools/{id}/reclaim-preview',
    path: () =>
      `/v1/pools/${DEFAULT_POOL_ID}/reclaim-preview?at=${encodeURIComponent(RECLAIM_AT)}&limit=${PAGE}`,
  },
];

export const poolJobs: BenchJob[] = [
  {
    name: 'reclaim-pool: due customers',
    job: 'reclaim-pool',
    now: RECLAIM_AT,
    perTenant: (result, tenant) => {
      const t = result?.tenants?.[tenant.tenantId];
      return t ? { itemsHandled: t.reclaimed, itemsRead: t.itemsRead } : undefined;
    },
  },
];
