import { allCustomerIds } from '../customers/all-customers.ts';
import { customerCollection, usersPrefix } from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { listRoles } from '../org/repository.ts';
import { getSettings } from '../settings/repository.ts';
import { replaceAggregates } from './repository.ts';
import { COMPANY, type Counter, contributions, exactRole, POOL_OWNER, subtree, sum } from './rules.ts';

type Item = Record<string, unknown>;

/**
 * Recomputes a tenant's aggregates from the source items: every customer (active, in a pool or in
 * the recycle bin) with its whole item collection (follow-ups, opportunities, contracts, payments).
 * For after a bug fix in the projection, a time-zone change, or a stream outage longer than its
 * 24-hour retention. Reads the whole tenant, so it is an operator's command, never a request.
 */
export async function rebuildAggregates(tenantId: string): Promise<{ customers: number; counters: number }> {
  const [{ timezone }, ids, roles, users] = await Promise.all([
    getSettings(tenantId),
    allCustomerIds(tenantId),
    listRoles(tenantId),
    queryAll<Item>({
      tenantId,
      pk: usersPrefix(tenantId).pk,
      sk: { beginsWith: usersPrefix(tenantId).skPrefix },
    }),
  ]);
  const counters: Counter[] = [];
  // A few collections at a time: a rebuild must not starve the tenant's requests.
  for (let i = 0; i < ids.length; i += 10) {
    const collections = await Promise.all(
      ids.slice(i, i + 10).map((id) => queryAll<Item>({ tenantId, pk: customerCollection(tenantId, id).pk })),
    );
    for (const item of collections.flat()) counters.push(...contributions(item, timezone));
  }
  const totals = sum(counters);
  const owners = new Set([
    POOL_OWNER,
    COMPANY,
    ...users.map((u) => u.id as string),
    ...roles.flatMap((r) => [exactRole(r.id), subtree(r.id)]),
    ...totals.map((c) => c.owner),
  ]);
  await replaceAggregates(tenantId, [...owners], totals);
  return { customers: ids.length, counters: totals.length };
}
