/**
 * The customer lifecycle's part of the bench: tier copies of every customer (most of them `new`,
 * so each tier view gives its caller a full page at both sizes) and one customer's timeline of 40
 * entries, loaded through the repository's builders. A tier view and a timeline page must read
 * what they return, at the same cost in the small and the large tenant.
 */
import { batchGet, batchPut } from '#lib/db/batch.ts';
import { customerKey, customerLists } from '#lib/db/keys.ts';
import { queryAll } from '#lib/db/query.ts';
import { putTimelineEntries, tierCopyItem } from '#lib/lifecycle/repository.ts';
import type { BenchEndpoint, Seeder } from './endpoints.ts';

const PAGE = 20;
const ENTRIES = 40;

export const lifecycleSeeder: Seeder = {
  name: `customer lifecycle (a tier copy per customer, a timeline of ${ENTRIES} entries)`,
  async seed(_api, tenant) {
    const t = tenant.tenantId;
    const lists = [customerLists.company(t), customerLists.pool(t, 'default')];
    const entries = (
      await Promise.all(
        lists.map((l) => queryAll<Record<string, unknown>>({ tenantId: t, index: l.index, pk: l.pk })),
      )
    ).flat();
    // A tier copy repeats the item's entries on every list index: the items, not one index's entries.
    const customers = await batchGet(entries.map((e) => customerKey(t, e.id as string)));
    const facts = { wonDeals: 1, lastActivityAt: null, dormantAt: null, tierSince: null };
    await batchPut(
      customers.map((c, i) => tierCopyItem(t, c, i % 5 === 0 ? 'loyal' : 'new', facts)),
      8,
    );
    const first = customers.find((c) => c.ownerId === tenant.reps[0]?.userId);
    if (!first) throw new Error('the lifecycle seeder needs the customers seeder first');
    const base = Date.parse('2024-06-01T00:00:00.000Z');
    await putTimelineEntries(
      t,
      Array.from({ length: ENTRIES }, (_, i) => ({
        customerId: first.id as string,
        key: `followup#bench${i}`,
        at: new Date(base + i * 3_600_000).toISOString(),
        kind: 'followup',
        actor: null,
        summary: `跟进：基准记录${i}`,
      })),
    );
    tenant.facts.timelineCustomer = first.id as string;
  },
};

export const lifecycleEndpoints: BenchEndpoint[] = [
  {
    name: 'customers: mine, tier=new (tier copies)',
    route: 'GET /v1/customers',
    path: () => `/v1/customers?view=mine&tier=new&limit=${PAGE}`,
    as: 'rep',
  },
  {
    name: 'customers: company, tier=new (tier copies)',
    route: 'GET /v1/customers',
    path: () => `/v1/customers?view=company&tier=new&limit=${PAGE}`,
    as: 'admin',
  },
  {
    name: 'customer timeline, first page',
    route: 'GET /v1/customers/{id}/timeline',
    path: (tenant) => `/v1/customers/${tenant.facts.timelineCustomer}/timeline?limit=${PAGE}`,
    as: 'rep',
  },
];
