import { GEO_SORT_PRECISION, type GeoList, geoCellKey, type Key } from '../db/keys.ts';
import { deleteStep, putStep, type Step } from '../db/write.ts';
import { cellOf } from '../geo.ts';
import type { CustomerRecord } from './rules.ts';

/**
 * A located customer's geo cell items (lib/db/keys/field.ts): on the tenant's and its owner's lists
 * while owned and active, on the pool's list while in a pool, on none in the recycle bin. They carry
 * what a nearby search shows and scopes by, so a search reads nothing else. Written and moved in the
 * customer's own transaction (saveCustomerSteps), so a location, owner or state change moves its
 * cells atomically. At most 2 deletes and 2 puts join a save.
 */

const listsOf = (c: CustomerRecord): GeoList[] => {
  if (!c.location) return [];
  if (c.state === 'active' && c.ownerId) return [{ kind: 'active' }, { kind: 'owner', ownerId: c.ownerId }];
  if (c.state === 'pool') return [{ kind: 'pool' }];
  return [];
};

/** The cell items of a customer as it is (empty when it has no location or is in the bin). */
export function geoItems(tenantId: string, c: CustomerRecord): Record<string, unknown>[] {
  if (!c.location) return [];
  const hash = cellOf(c.location, GEO_SORT_PRECISION);
  return listsOf(c).map((list) => ({
    ...geoCellKey(tenantId, list, hash, c.id),
    type: 'customerGeo',
    customerId: c.id,
    name: c.name,
    lat: c.location?.lat,
    lng: c.location?.lng,
    state: c.state,
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    ownerRolePath: c.ownerRolePath,
    poolId: c.poolId,
    private: c.private,
    shares: c.shares.map((s) => s.userId),
  }));
}

const keyOf = (item: Record<string, unknown>): Key => ({ pk: item.pk as string, sk: item.sk as string });
const same = (a: Record<string, unknown>, b: Record<string, unknown>) => a.pk === b.pk && a.sk === b.sk;

/**
 * The cell changes of a save: puts of the cells `next` has that differ from what `prev` had (a save
 * that changes nothing a cell shows writes none), deletes of the cells it left.
 */
export function geoSteps(tenantId: string, next: CustomerRecord | null, prev: CustomerRecord | null): Step[] {
  const now = next ? geoItems(tenantId, next) : [];
  const before = prev ? geoItems(tenantId, prev) : [];
  const fail = () => new Error('geo cell write failed');
  return [
    ...now
      .filter(
        (item) => !before.some((old) => same(old, item) && JSON.stringify(old) === JSON.stringify(item)),
      )
      .map((item) => putStep(item, fail)),
    ...before
      .filter((old) => !now.some((item) => same(old, item)))
      .map((old) => deleteStep(keyOf(old), fail)),
  ];
}
