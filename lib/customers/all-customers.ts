import { customerLists } from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { listAllPools } from '../ownership/pools.ts';

/**
 * The id of every customer of a tenant, in whatever state: the company list, the recycle bin and
 * each pool (Queries on `customersByList`). For operators' walks over a whole tenant, never a request.
 */
export async function allCustomerIds(tenantId: string): Promise<string[]> {
  const pools = await listAllPools(tenantId);
  const lists = [
    customerLists.company(tenantId),
    customerLists.bin(tenantId),
    ...pools.map((p) => customerLists.pool(tenantId, p.id)),
  ];
  const entries = await Promise.all(
    lists.map((list) => queryAll<Record<string, unknown>>({ tenantId, index: list.index, pk: list.pk })),
  );
  return [...new Set(entries.flat().map((e) => e.id as string))];
}
