/**
 * The contacts' part of the bench: a seeder that loads customers with two contacts each straight
 * into the table through the item builders the services use (BatchWrite), and the contact list as
 * each kind of user sees it. Every caller is given at least a full page, so the small and the large
 * tenant return the same 20 items and must cost the same.
 */
import { ulid } from 'ulid';
import { type ContactRecord, initialContactSteps, newContactRecord } from '#lib/customers/contact-items.ts';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { newCustomerItems } from '#lib/customers/repository.ts';
import { type CustomerRecord, newCustomer } from '#lib/customers/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import type { BenchEndpoint, BenchTenant, BenchUser, Seeder } from './endpoints.ts';

const PER_USER = 3;
const CONTACTS = 2;
const PAGE = 20;
/** Customer numbers below MINE go to reps[0]; those below SHARED to reps[1], shared with reps[0]. */
const MINE = 15;
const SHARED = MINE + 15;
/** At least this many customers, so the q= search (a tenth of the contacts) fills a page at the small size too. */
const MIN_CUSTOMERS = 120;
const BASE = Date.parse('2024-02-01T00:00:00.000Z');
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
/** A contact's name: a surname and a number (endpoints.ts has personName, but importing it back would be a cycle). */
const contactName = (i: number) => `${SURNAMES[i % SURNAMES.length]}联系人${i}`;

function customerAt(tenant: BenchTenant, i: number, owner: BenchUser, rolePath: string): CustomerRecord {
  const name = `联系人基准${tenant.size}${i}号贸易有限公司`;
  return newCustomer({
    id: ulid(),
    name,
    phone: null,
    nameKey: normalizeName(name),
    searchTerms: searchTerms(name, null),
    owner: { id: owner.userId, name: owner.name, rolePath },
    createdBy: owner.userId,
    at: new Date(BASE + i * 60_000).toISOString(),
  });
}

export const contactsSeeder: Seeder = {
  name: `contacts (${PER_USER} customers per user, ${CONTACTS} contacts each, some shared)`,
  async seed(_api, tenant) {
    const [first, second = first] = tenant.reps;
    if (!first || !second) throw new Error('the contacts seeder needs the users seeder first');
    const repPath = `/${tenant.roles.root}/${tenant.roles.manager}/${tenant.roles.rep}`;
    const total = Math.max(SHARED, MIN_CUSTOMERS, tenant.scale * PER_USER);
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const owner =
        i < MINE ? first : i < SHARED ? second : (tenant.reps[i % tenant.reps.length] as BenchUser);
      let c = customerAt(tenant, i, owner, repPath);
      if (i >= MINE && i < SHARED)
        c = { ...c, shares: [{ userId: first.userId, sharedBy: owner.userId, sharedAt: c.updatedAt }] };
      const contacts: ContactRecord[] = Array.from({ length: CONTACTS }, (_, k) =>
        newContactRecord({
          id: ulid(),
          customerId: c.id,
          fields: {
            name: contactName(i * CONTACTS + k),
            title: null,
            mobile: `+86136${String(10_000_000 + i * CONTACTS + k).padStart(8, '0')}`,
            phone: null,
            email: null,
            birthday: null,
            notes: null,
          },
          primary: k === 0,
          at: c.createdAt,
          by: owner.userId,
        }),
      );
      items.push(
        ...newCustomerItems(tenant.tenantId, c),
        ...initialContactSteps(tenant.tenantId, c, contacts).map(
          (s) => s.item.Put?.Item as Record<string, unknown>,
        ),
      );
    }
    await batchPut(items, 8);
    tenant.facts.contactSearch = contactName(3).slice(0, 1);
  },
};

const list = (
  name: string,
  query: string,
  as: BenchEndpoint['as'],
  path?: (t: BenchTenant) => string,
): BenchEndpoint => ({
  name: `contacts: ${name}`,
  route: 'GET /v1/contacts',
  path: path ?? (() => `/v1/contacts?${query}limit=${PAGE}`),
  as,
});

export const contactEndpoints: BenchEndpoint[] = [
  list('every visible contact (rep)', '', 'rep'),
  list('mine', 'view=mine&', 'rep'),
  list('subordinates (manager)', 'view=subordinates&', 'manager'),
  list('every visible contact (admin: company range)', '', 'admin'),
  // Fans out per shared customer (share item, then its contacts): ~1.5 reads per contact at 2 contacts each.
  list('shared with me', 'view=shared&', 'rep'),
  // Search terms first, then the contacts they name: ~2 reads per contact found.
  list(
    'q= name prefix (admin)',
    '',
    'admin',
    (t) => `/v1/contacts?q=${encodeURIComponent(t.facts.contactSearch ?? '王')}&limit=${PAGE}`,
  ),
];
