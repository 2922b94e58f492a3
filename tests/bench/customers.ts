/**
 * The customers' part of the bench: a seeder that loads 10 customers per user straight into the
 * table through the repository's item builders (BatchWrite; the HTTP path would take minutes at the
 * large size), and one endpoint per list view. Each view's caller is given at least a full page,
 * so the small and the large tenant return the same 20 items and must cost the same.
 */
import { ulid } from 'ulid';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { newCustomerItems, userCountersItem } from '#lib/customers/repository.ts';
import { type CustomerRecord, intoPool, newCustomer, touched } from '#lib/customers/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import type { BenchEndpoint, BenchTenant, BenchUser, Seeder } from './endpoints.ts';

const PER_USER = 10;
const PAGE = 20;
/** Customer numbers below these bounds go to reps[0]'s views; the rest spread over every rep. */
const HOT_MINE = 30;
const SHARED = HOT_MINE + 30;
const POOL = SHARED + 25;
const BIN = POOL + 25;
const BASE = Date.parse('2024-01-01T00:00:00.000Z');
const BATCH_WORKERS = 8;

function customerAt(tenant: BenchTenant, i: number, owner: BenchUser, rolePath: string): CustomerRecord {
  const name = `基准客户${tenant.size}${i}号科技有限公司`;
  const phone = `+86137${String(10_000_000 + i).padStart(8, '0')}`;
  return newCustomer({
    id: ulid(),
    name,
    phone,
    nameKey: normalizeName(name),
    searchTerms: searchTerms(name, phone),
    owner: { id: owner.userId, name: owner.name, rolePath },
    createdBy: owner.userId,
    at: new Date(BASE + i * 60_000).toISOString(),
    fields: { hot: i < HOT_MINE && i % 4 !== 0, tags: [`批次${i % 7}`] },
  });
}

export const customersSeeder: Seeder = {
  name: `customers (${PER_USER} per user: owned, hot, shared, pool, recycle bin)`,
  async seed(_api, tenant) {
    const [first, second = first] = tenant.reps;
    if (!first || !second) throw new Error('the customers seeder needs the users seeder first');
    const repPath = `/${tenant.roles.root}/${tenant.roles.manager}/${tenant.roles.rep}`;
    const total = Math.max(BIN, tenant.scale * PER_USER);
    const owned = new Map<string, number>();
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const owner =
        i < HOT_MINE || (i >= POOL && i < BIN)
          ? first
          : i < SHARED
            ? second
            : (tenant.reps[i % tenant.reps.length] as BenchUser);
      let c = customerAt(tenant, i, owner, repPath);
      const at = c.updatedAt;
      if (i >= HOT_MINE && i < SHARED)
        c = { ...c, shares: [{ userId: first.userId, sharedBy: owner.userId, sharedAt: at }] };
      else if (i >= SHARED && i < POOL) c = intoPool(c, 'default', at);
      else if (i >= POOL && i < BIN)
        c = touched(c, at, { state: 'recycled', deletedAt: at, deletedBy: owner.userId });
      if (c.state === 'active') owned.set(owner.userId, (owned.get(owner.userId) ?? 0) + 1);
      items.push(...newCustomerItems(tenant.tenantId, c));
    }
    for (const [userId, count] of owned) items.push(userCountersItem(tenant.tenantId, userId, count));
    await batchPut(items, BATCH_WORKERS);
    tenant.facts.customerSearch = `基准客户${tenant.size}1`;
  },
};

const view = (
  name: string,
  query: string,
  as: BenchEndpoint['as'],
  path?: (tenant: BenchTenant) => string,
): BenchEndpoint => ({
  name: `customers: ${name}`,
  route: 'GET /v1/customers',
  path: path ?? (() => `/v1/customers?${query}&limit=${PAGE}`),
  as,
});

export const customerEndpoints: BenchEndpoint[] = [
  view('mine', 'view=mine', 'rep'),
  {
    name: 'customers: export of mine (CSV, every page)',
    route: 'GET /v1/customers/export',
    path: () => '/v1/customers/export?view=mine',
    as: 'rep',
  },
  view('hot', 'view=hot', 'rep'),
  view('shared with me', 'view=shared', 'rep'),
  view('subordinates (manager)', 'view=subordinates', 'manager'),
  view('company (admin)', 'view=company', 'admin'),
  view('pool', 'view=pool', 'rep'),
  view('recycle bin, own and subordinates’', 'view=recycle', 'rep'),
  view('recycle bin, whole company (admin)', 'view=recycle', 'admin'),
  // The tag's partition of the company list (tag copies): 批次3 is on a seventh of the seeded
  // customers, more than a page at both sizes, so the line shows what a full tagged page costs.
  view(
    'company, filtered by tag',
    'view=company&tag=批次3',
    'admin',
    () => `/v1/customers?view=company&tag=${encodeURIComponent('批次3')}&limit=${PAGE}`,
  ),
  view(
    'company, q= name prefix',
    '',
    'admin',
    (tenant) =>
      `/v1/customers?view=company&q=${encodeURIComponent(tenant.facts.customerSearch ?? '基准')}&limit=${PAGE}`,
  ),
];
