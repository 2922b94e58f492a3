/**
 * Field sales' part of the bench: a seeder that places located customers (1,000 in the small
 * tenant, 20,000 in the large one, the sizes the nearby search is specified at) uniformly over a
 * 90 x 90 km square around 人民广场 (about the Shanghai municipality), owned round-robin by the reps,
 * loaded straight into the table through the customers' item builders (their geo cell items
 * included). Then nearby searches at 1 and 5 km per view: the report's read amplification is the
 * cell items read beyond the circle (plus authentication), and a search's cost follows the
 * customers within its circle, not the tenant's size.
 */
import { ulid } from 'ulid';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { newCustomerItems } from '#lib/customers/repository.ts';
import { newCustomer } from '#lib/customers/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import type { BenchEndpoint, BenchUser, Seeder } from './endpoints.ts';

const CENTER = { lat: 31.2304, lng: 121.4737 };
const HALF_SIDE_M = 45_000;
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

export const fieldSeeder: Seeder = {
  name: 'located customers (1k / 20k over 90 x 90 km, for nearby)',
  async seed(_api, tenant) {
    if (tenant.reps.length === 0) throw new Error('the field seeder needs the users seeder first');
    const repPath = `/${tenant.roles.root}/${tenant.roles.manager}/${tenant.roles.rep}`;
    const next = random(tenant.scale);
    const count = LOCATED[tenant.size] ?? tenant.scale * 50;
    const degLat = HALF_SIDE_M / 111_195;
    const degLng = degLat / Math.cos((CENTER.lat * Math.PI) / 180);
    const items: Record<string, unknown>[] = [];
    const at = new Date().toISOString();
    for (let i = 0; i < count; i++) {
      const owner = tenant.reps[i % tenant.reps.length] as BenchUser;
      const name = `外勤${tenant.size}${i}号`;
      const location = {
        lat: Math.round((CENTER.lat + (next() * 2 - 1) * degLat) * 1e7) / 1e7,
        lng: Math.round((CENTER.lng + (next() * 2 - 1) * degLng) * 1e7) / 1e7,
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
