/**
 * Field sales' part of the bench: a seeder that places located customers at the density of 1,000
 * (small tenant) and 20,000 (large) uniformly over a 90 x 90 km square around 人民广场 (about the
 * Shanghai municipality; the sizes the nearby search is specified at), owned round-robin by the
 * reps, loaded straight into the table through the customers' item builders (their geo cell items
 * included). Then nearby searches at 1 and 5 km per view: the report's read amplification is the
 * cell items read beyond the circle (plus authentication), and a search's cost follows the
 * customers within its circle, not the tenant's size.
 *
 * A search reads only the cell partitions (precision-5 geohash cells, about 4.9 x 4.2 km) its
 * circle touches, here all within about 10 km of the centre: every customer within 15 km of it
 * (a 30 x 30 km square) is seeded as the full spread places it, beyond that one in 4, so the
 * tenants still hold about 1,000 and 10,000 customers in all (what the customer lists are shown
 * flat over) while the large one writes two thirds fewer of their items. The same repeatable spread as
 * when the whole square was seeded, so the searched area holds the very same customers: 2,206 of
 * the 20,000 (118 of the 1,000) within the 15 km, plus 4,461 (220) beyond, and the first rep, whose
 * own lists are measured, keeps all of its own. The seeder checks that every partition a measured
 * search touches lies within the 15 km.
 */

import geohash from 'ngeohash';
import { ulid } from 'ulid';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { newCustomerItems } from '#lib/customers/repository.ts';
import { newCustomer } from '#lib/customers/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import { GEO_PARTITION_PRECISION } from '#lib/db/keys.ts';
import { searchRuns } from '#lib/field/rules.ts';
import type { BenchEndpoint, BenchUser, Seeder } from './endpoints.ts';

const CENTER = { lat: 31.2304, lng: 121.4737 };
const HALF_SIDE_M = 45_000;
/** Seeded as the full spread places them within this of the centre (a square); beyond, 1 in SPARSE. */
const CORE_HALF_SIDE_M = 15_000;
const SPARSE = 4;
/** The radii of the measured searches (fieldEndpoints). */
const RADII_M = [1_000, 5_000];
const LOCATED: Record<string, number> = { small: 1_000, large: 20_000 };
const BATCH_WORKERS = 8;
const LIMIT = 200;

/** A repeatable spread (mulberry32), so both runs of the bench place the same customers. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEG_LAT_PER_M = 1 / 111_195;
const degLngPerM = (lat: number) => DEG_LAT_PER_M / Math.cos((lat * Math.PI) / 180);

/** Every cell partition a measured search touches lies within the core (else the thinning would show). */
function checkCore() {
  const core = {
    lat: CORE_HALF_SIDE_M * DEG_LAT_PER_M,
    lng: CORE_HALF_SIDE_M * degLngPerM(CENTER.lat),
  };
  for (const radiusM of RADII_M) {
    const { runs } = searchRuns(CENTER, radiusM);
    for (const run of runs) {
      const [minLat, minLng, maxLat, maxLng] = geohash.decode_bbox(
        run.first.slice(0, GEO_PARTITION_PRECISION),
      );
      const inside =
        minLat >= CENTER.lat - core.lat &&
        maxLat <= CENTER.lat + core.lat &&
        minLng >= CENTER.lng - core.lng &&
        maxLng <= CENTER.lng + core.lng;
      if (!inside)
        throw new Error(
          `a ${radiusM} m search reads beyond the ${CORE_HALF_SIDE_M} m the field seeder fills`,
        );
    }
  }
}

export const fieldSeeder: Seeder = {
  name: `located customers (1k / 20k over 90 x 90 km; beyond ${CORE_HALF_SIDE_M / 1000} km of the searches 1 in ${SPARSE})`,
  async seed(_api, tenant) {
    if (tenant.reps.length === 0) throw new Error('the field seeder needs the users seeder first');
    checkCore();
    const repPath = `/${tenant.roles.root}/${tenant.roles.manager}/${tenant.roles.rep}`;
    const next = random(tenant.scale);
    const count = LOCATED[tenant.size] ?? tenant.scale * 50;
    const degLat = HALF_SIDE_M * DEG_LAT_PER_M;
    const degLng = HALF_SIDE_M * degLngPerM(CENTER.lat);
    const items: Record<string, unknown>[] = [];
    const at = new Date().toISOString();
    for (let i = 0; i < count; i++) {
      // Both draws for every customer, kept or not: the spread is the one of the whole square.
      const x = next() * 2 - 1;
      const y = next() * 2 - 1;
      const inCore =
        Math.abs(x) * HALF_SIDE_M <= CORE_HALF_SIDE_M && Math.abs(y) * HALF_SIDE_M <= CORE_HALF_SIDE_M;
      const owner = tenant.reps[i % tenant.reps.length] as BenchUser;
      // The first rep, whose own lists (its export among them) are measured, keeps all of its own.
      if (!inCore && i % SPARSE !== 0 && owner !== tenant.reps[0]) continue;
      const name = `外勤${tenant.size}${i}号`;
      const location = {
        lat: Math.round((CENTER.lat + x * degLat) * 1e7) / 1e7,
        lng: Math.round((CENTER.lng + y * degLng) * 1e7) / 1e7,
      };
      const c = newCustomer({
        id: ulid(),
        name,
        phone: null,
        nameKey: normalizeName(name),
        searchTerms: searchTerms(name, null),
        owner: { id: owner.userId, name: owner.name, rolePath: repPath },
        createdBy: owner.userId,
        at,
        fields: { location },
      });
      items.push(...newCustomerItems(tenant.tenantId, c));
    }
    // The reps' quota counters are left as the customers seeder set them: no endpoint measured here
    // writes, and rewriting a counter would erase the other seeders' counts.
    await batchPut(items, BATCH_WORKERS);
  },
};

const search = (name: string, view: string, radiusM: number, as: BenchEndpoint['as']): BenchEndpoint => ({
  name: `nearby: ${name}`,
  route: 'GET /v1/customers/nearby',
  path: () =>
    `/v1/customers/nearby?lat=${CENTER.lat}&lng=${CENTER.lng}&radiusM=${radiusM}&view=${view}&limit=${LIMIT}`,
  as,
});

export const fieldEndpoints: BenchEndpoint[] = [
  search('company, 1 km (admin)', 'company', 1_000, 'admin'),
  search('company, 5 km (admin)', 'company', 5_000, 'admin'),
  search('subordinates, 5 km (manager)', 'subordinates', 5_000, 'manager'),
  search('mine, 5 km (rep)', 'mine', 5_000, 'rep'),
  {
    name: 'check-ins of today (rep)',
    route: 'GET /v1/checkins',
    path: () => '/v1/checkins?limit=20',
    as: 'rep',
  },
];
