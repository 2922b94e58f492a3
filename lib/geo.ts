import gcoordModule from 'gcoord';
import geohash from 'ngeohash';

// gcoord's types declare an ES default export, but the package is CommonJS: what a default import
// gets (Node and esbuild alike) is `module.exports`, the object the types call `default`.
const gcoord = gcoordModule as unknown as typeof gcoordModule.default;

/**
 * Points on the earth (WGS-84), the coordinates Chinese map SDKs give (GCJ-02), distances, and the
 * geohash cells that key nearby searches. Pure functions; shared by customers (a location's cells
 * are written with the customer) and field (check-ins, nearby).
 */

export interface Point {
  lat: number;
  lng: number;
}

export type CoordSystem = 'wgs84' | 'gcj02';

/**
 * A point in WGS-84. GCJ-02 (高德, 腾讯 and WeChat's maps) is offset from WGS-84 by up to some 700 m
 * inside China; gcoord undoes the offset (outside China the two systems coincide). Rounded to 7
 * decimals (about 1 cm): the stored form.
 */
export function toWgs84(p: Point, from: CoordSystem = 'wgs84'): Point {
  const [lng, lat] =
    from === 'gcj02' ? gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84) : [p.lng, p.lat];
  const round = (x: number) => Math.round(x * 1e7) / 1e7;
  return { lat: round(lat as number), lng: round(lng as number) };
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** The great-circle distance in metres (haversine; well under 0.5 % off the ellipsoid). */
export function distanceM(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point's geohash at a precision (characters). */
export const cellOf = (p: Point, precision: number) => geohash.encode(p.lat, p.lng, precision);

/** The distance from a point to the nearest point of a cell (0 inside it). */
function distanceToCell(p: Point, cell: string): number {
  const [minLat, minLng, maxLat, maxLng] = geohash.decode_bbox(cell);
  const nearest = {
    lat: Math.min(Math.max(p.lat, minLat), maxLat),
    lng: Math.min(Math.max(p.lng, minLng), maxLng),
  };
  return distanceM(p, nearest);
}

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
const toNumber = (cell: string) => [...cell].reduce((n, ch) => n * 32 + BASE32.indexOf(ch), 0);

/** A run of consecutive cells of one precision within one partition cell: `first`..`last` inclusive. */
export interface CellRun {
  first: string;
  last: string;
}

/** How many cells a search may enumerate in its bounding box before it takes coarser ones. */
const MAX_BOX_CELLS = 256;

/**
 * The cells covering a circle, as runs for ranged Queries. The precision is the finest (at most
 * `maxPrecision`, at least `minPrecision`) whose cells in the circle's bounding box stay within a
 * bound: finer cells read less outside the circle, coarser ones take fewer Queries. A cell is kept
 * when its nearest point lies within the radius (plus a margin for the clamped-box approximation,
 * so a customer on a cell's edge is never missed); consecutive cells (geohash order) in one
 * partition cell merge into one run.
 */
export function coveringRuns(
  center: Point,
  radiusM: number,
  opts: { minPrecision: number; maxPrecision: number; partitionPrecision: number },
): { precision: number; runs: CellRun[] } {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const cosLat = Math.max(Math.cos(rad(center.lat)), 0.01);
  const dLng = Math.min(180, dLat / cosLat);
  const box = [center.lat - dLat, center.lng - dLng, center.lat + dLat, center.lng + dLng] as const;
  // Counted before enumerating: a 20 km box holds millions of the finest cells.
  const boxCells = (p: number) => {
    const height = 180 / 2 ** Math.floor((5 * p) / 2);
    const width = 360 / 2 ** Math.ceil((5 * p) / 2);
    return (Math.ceil((2 * dLat) / height) + 1) * (Math.ceil((2 * dLng) / width) + 1);
  };
  let precision = opts.maxPrecision;
  while (boxCells(precision) > MAX_BOX_CELLS && precision > opts.minPrecision) precision -= 1;
  const cells = geohash.bboxes(...box, precision);
  const margin = radiusM * 0.005 + 1;
  const kept = [...new Set(cells)].filter((cell) => distanceToCell(center, cell) <= radiusM + margin).sort();
  const runs: CellRun[] = [];
  for (const cell of kept) {
    const run = runs.at(-1);
    if (
      run &&
      run.last.slice(0, opts.partitionPrecision) === cell.slice(0, opts.partitionPrecision) &&
      toNumber(cell) === toNumber(run.last) + 1
    ) {
      run.last = cell;
    } else {
      runs.push({ first: cell, last: cell });
    }
  }
  return { precision, runs };
}
