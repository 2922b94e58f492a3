// Field sales (lib/field): customers' geo cells (nearby), check-ins and their references.

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * Geo cells (geohash, lib/geo.ts). A located customer has one cell item per list it is on, written in
 * the customer's own transaction (lib/customers/geo-items.ts), in a partition of a precision-5 cell
 * (about 4.9 x 4.9 km), sorted by the customer's precision-9 geohash:
 *   owned and active, the whole tenant    T#t#GEO#A#<cell5>             <geohash9>#<customerId>
 *   owned and active, one owner           T#t#GEO#U#<owner>#<cell5>     <geohash9>#<customerId>
 *   in a pool                             T#t#GEO#P#<cell5>             <geohash9>#<customerId>
 * A finer cell is a prefix of the sort key, and neighbouring cells of one precision-5 cell are runs of
 * consecutive prefixes: a search is one ranged Query per run of cells covering the circle.
 *
 * Check-ins, one partition per user, sorted by id (a ULID of the check-in instant):
 *   T#t#CHECKINS#<userId>    <checkinId>
 *   T#t#CKREF#<checkinId>    REF            names the user (paths name a check-in by id only)
 */

export const GEO_PARTITION_PRECISION = 5;
export const GEO_SORT_PRECISION = 9;

export type GeoList = { kind: 'active' } | { kind: 'owner'; ownerId: string } | { kind: 'pool' };

const geoPk = (tenantId: string, list: GeoList, cell: string) => {
  switch (list.kind) {
    case 'active':
      return `${t(tenantId)}${SEP}GEO${SEP}A${SEP}${cell}`;
    case 'owner':
      return `${t(tenantId)}${SEP}GEO${SEP}U${SEP}${list.ownerId}${SEP}${cell}`;
    case 'pool':
      return `${t(tenantId)}${SEP}GEO${SEP}P${SEP}${cell}`;
  }
};

/** A customer's cell item key on one list; `hash` is its precision-9 geohash. */
export const geoCellKey = (tenantId: string, list: GeoList, hash: string, customerId: string): Key => ({
  pk: geoPk(tenantId, list, hash.slice(0, GEO_PARTITION_PRECISION)),
  sk: `${hash}${SEP}${customerId}`,
});

/** The Query of a run of consecutive cells (same precision, same precision-5 parent), first to last. */
export const geoCellsQuery = (tenantId: string, list: GeoList, first: string, last: string) => ({
  pk: geoPk(tenantId, list, first.slice(0, GEO_PARTITION_PRECISION)),
  // `~` sorts after every geohash character and after `#`: the range takes the whole last cell.
  between: [first, `${last}~`] as [string, string],
});

export const checkinKey = (tenantId: string, userId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}CHECKINS${SEP}${userId}`,
  sk: id,
});
export const checkinsOf = (tenantId: string, userId: string) => ({
  pk: `${t(tenantId)}${SEP}CHECKINS${SEP}${userId}`,
});
export const checkinRefKey = (tenantId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}CKREF${SEP}${id}`,
  sk: 'REF',
});
