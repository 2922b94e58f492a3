import geohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { GEO_PARTITION_PRECISION, GEO_SORT_PRECISION } from '#lib/db/keys.ts';
import { cellOf, coveringRuns, distanceM, type Point, toWgs84 } from '#lib/geo.ts';

describe('GCJ-02 to WGS-84', () => {
  it('converts Tiananmen (GCJ-02 116.404, 39.915) to within 5 m of its published WGS-84 point', () => {
    // wandergis/coordtransform's published example: gcj02towgs84(116.404, 39.915).
    const wgs = toWgs84({ lat: 39.915, lng: 116.404 }, 'gcj02');
    expect(distanceM(wgs, { lat: 39.91359571849836, lng: 116.39775550083061 })).toBeLessThan(5);
  });

  it('converts central Beijing to within 5 m of eviltransform’s published pair', () => {
    const wgs = toWgs84({ lat: 39.91334545536069, lng: 116.38404722455657 }, 'gcj02');
    expect(distanceM(wgs, { lat: 39.911954, lng: 116.377817 })).toBeLessThan(5);
  });

  it('leaves WGS-84 as it is, and points outside China too', () => {
    expect(toWgs84({ lat: 39.915, lng: 116.404 })).toEqual({ lat: 39.915, lng: 116.404 });
    expect(toWgs84({ lat: 48.8584, lng: 2.2945 }, 'gcj02')).toEqual({ lat: 48.8584, lng: 2.2945 });
  });
});

describe('distanceM', () => {
  it('measures a degree of latitude as about 111.2 km and a point to itself as 0', () => {
    expect(distanceM({ lat: 30, lng: 120 }, { lat: 31, lng: 120 })).toBeCloseTo(111_195, -2);
    expect(distanceM({ lat: 30, lng: 120 }, { lat: 30, lng: 120 })).toBe(0);
  });
});

/** A small seeded generator (mulberry32): the property test is random but repeatable. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPTS = {
  minPrecision: GEO_PARTITION_PRECISION,
  maxPrecision: 8,
  partitionPrecision: GEO_PARTITION_PRECISION,
};

/** Whether a point's stored sort key falls in one of the runs (what the Queries would read). */
function covered(p: Point, search: ReturnType<typeof coveringRuns>): boolean {
  const cell = cellOf(p, GEO_SORT_PRECISION).slice(0, search.precision);
  return search.runs.some((r) => r.first <= cell && cell <= r.last);
}

describe('coveringRuns', () => {
  it('finds exactly what a brute-force distance filter finds, for random circles, points and cell edges', () => {
    const next = random(20261207);
    for (let round = 0; round < 60; round += 1) {
      const center = { lat: 22 + next() * 18, lng: 100 + next() * 21 };
      const radius = 10 + next() ** 2 * 19_990;
      const search = coveringRuns(center, radius, OPTS);
      const degLat = (radius * 1.3) / 111_195;
      const degLng = degLat / Math.cos((center.lat * Math.PI) / 180);
      const points: Point[] = [];
      for (let i = 0; i < 150; i += 1) {
        points.push({
          lat: center.lat + (next() * 2 - 1) * degLat,
          lng: center.lng + (next() * 2 - 1) * degLng,
        });
      }
      // Points on the edges and corners of the cells around the circle's rim, where a search is most
      // likely to miss.
      for (let i = 0; i < 40; i += 1) {
        const angle = next() * 2 * Math.PI;
        const rim = {
          lat: center.lat + Math.sin(angle) * (radius / 111_195),
          lng: center.lng + Math.cos(angle) * (radius / 111_195 / Math.cos((center.lat * Math.PI) / 180)),
        };
        const [minLat, minLng, maxLat, maxLng] = geohash.decode_bbox(cellOf(rim, search.precision));
        points.push(
          { lat: minLat, lng: rim.lng },
          { lat: maxLat - 1e-12, lng: rim.lng },
          { lat: rim.lat, lng: minLng },
          { lat: rim.lat, lng: maxLng - 1e-12 },
          { lat: minLat, lng: minLng },
        );
      }
      const brute = points.filter((p) => distanceM(center, p) <= radius);
      const found = points.filter((p) => covered(p, search) && distanceM(center, p) <= radius);
      expect(found, `center ${JSON.stringify(center)} radius ${radius}`).toEqual(brute);
    }
  });

  it('keeps the cells read near the circle: their area stays within 2x of it up to 5 km', () => {
    const center = { lat: 31.2304, lng: 121.4737 };
    for (const radius of [200, 500, 1000, 2000, 5000]) {
      const { runs } = coveringRuns(center, radius, OPTS);
      let area = 0;
      let cells = 0;
      for (const run of runs) {
        const [minLat, minLng, maxLat, maxLng] = geohash.decode_bbox(run.first);
        const cellArea =
          distanceM({ lat: minLat, lng: minLng }, { lat: maxLat, lng: minLng }) *
          distanceM({ lat: minLat, lng: minLng }, { lat: minLat, lng: maxLng });
        const count = span(run);
        area += cellArea * count;
        cells += count;
      }
      expect(area / (Math.PI * radius ** 2), `radius ${radius}`).toBeLessThan(2);
      expect(runs.length, `radius ${radius}`).toBeLessThanOrEqual(cells);
    }
  });
});

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
const span = (run: { first: string; last: string }) => {
  const n = (cell: string) => [...cell].reduce((v, ch) => v * 32 + BASE32.indexOf(ch), 0);
  return n(run.last) - n(run.first) + 1;
};
