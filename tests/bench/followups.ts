/**
 * The follow-ups' part of the bench: a seeder that loads customers with plans and follow-up
 * records straight into the table (BatchWrite through the repositories' item builders). reps[0]
 * gets more than a page of each to-do list, relative to the real "now" the lists are read at, plus
 * plans due at the reminders job's instant and birthdays in the date-reminders job's window; every
 * other rep gets customers whose plans and records lie elsewhere, so the large tenant holds far
 * more without any of it on reps[0]'s lists. Each list, and each job per tenant, must read about
 * one item per item it returns or handles, at both sizes.
 */
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { ulid } from 'ulid';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { newCustomerItems } from '#lib/customers/repository.ts';
import { type CustomerRecord, newCustomer } from '#lib/customers/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import { followUpItem, type PlanRecord, planItem, refItem } from '#lib/followups/repository.ts';
import { dayOf, type OpenPlan, weekOf, withOpenPlans } from '#lib/followups/rules.ts';
import type { FollowUp } from '#lib/followups/schemas.ts';
import { notificationItem } from '#lib/notifications/repository.ts';
import { newNotification } from '#lib/notifications/service.ts';
import type { BenchEndpoint, BenchJob, BenchTenant, BenchUser, Seeder } from './endpoints.ts';

const PAGE = 20;
const PER_LIST = 25;
const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';
/** The reminders job runs here; reps[0] has PER_LIST plans due within its next hour. */
export const REMIND_AT = '2030-03-04T01:30:00.000Z';
/** The date-reminders job runs at 00:30 China time on 5 March; birthdays 5 to 8 March are due (3 days ahead). */
export const BIRTHDAYS_AT = '2030-03-04T16:30:00.000Z';

interface Seeded {
  customer: CustomerRecord;
  plans: PlanRecord[];
  records: FollowUp[];
}

function customerOf(tenant: BenchTenant, owner: BenchUser, n: number, fields: Partial<CustomerRecord> = {}) {
  const name = `跟进基准${tenant.size}${n}号有限公司`;
  const at = new Date(Date.now() - 90 * DAY + n * 1000).toISOString();
  const c = newCustomer({
    id: ulid(),
    name,
    phone: null,
    nameKey: normalizeName(name),
    searchTerms: searchTerms(name, null),
    owner: {
      id: owner.userId,
      name: owner.name,
      rolePath: `/${tenant.roles.root}/${tenant.roles.manager}/${tenant.roles.rep}`,
    },
    createdBy: owner.userId,
    at,
  });
  return { ...c, ...fields };
}

function withPlan(c: CustomerRecord, dueAt: string): Seeded {
  const plan: PlanRecord = {
    id: ulid(),
    customerId: c.id,
    customerName: c.name,
    ownerId: c.ownerId,
    ownerRolePath: c.ownerRolePath,
    dueAt,
    note: '基准回访',
    status: 'open',
    followupId: null,
    createdBy: c.ownerId as string,
    createdAt: c.createdAt,
    updatedAt: c.createdAt,
    closedAt: null,
    closedBy: null,
    version: 1,
    remindedFor: null,
  };
  const open: OpenPlan = { id: plan.id, dueAt, note: plan.note };
  return { customer: { ...c, ...withOpenPlans([open]) }, plans: [plan], records: [] };
}

function withRecord(c: CustomerRecord, occurredAt: string): Seeded {
  const record: FollowUp = {
    id: ulid(Date.parse(occurredAt)),
    customerId: c.id,
    customerName: c.name,
    authorId: c.ownerId as string,
    authorName: c.ownerName as string,
    content: '基准跟进记录',
    channel: null,
    interests: [],
    objections: [],
    maturityBefore: null,
    maturityAfter: null,
    occurredAt,
    nextFollowUpAt: null,
    nextFollowUpNote: null,
    scheduledPlanId: null,
    completedPlanId: null,
    replies: [],
    createdAt: occurredAt,
  };
  return { customer: { ...c, lastFollowUpAt: occurredAt }, plans: [], records: [record] };
}

/** `count` instants spread evenly over a range (ISO strings). */
const spread = (from: number, to: number, count: number) =>
  Array.from({ length: count }, (_, i) => new Date(from + ((to - from) * (i + 0.5)) / count).toISOString());

export const followUpsSeeder: Seeder = {
  name: 'follow-ups (plans, records, birthdays: a page of each list for reps[0], the rest elsewhere)',
  async seed(_api, tenant) {
    const [first, ...others] = tenant.reps;
    if (!first) throw new Error('the follow-ups seeder needs the users seeder first');
    const now = Date.now();
    const today = dayOf(new Date(now), TZ);
    const week = weekOf(new Date(now), TZ);
    let n = 0;
    const mine = () => customerOf(tenant, first, n++);
    const seeded: Seeded[] = [
      ...spread(Date.parse(today.from), Date.parse(today.to), PER_LIST).map((at) => withPlan(mine(), at)),
      ...spread(Date.parse(week.from), Date.parse(week.to), PER_LIST).map((at) => withPlan(mine(), at)),
      ...spread(now - 30 * DAY, now - DAY, PER_LIST).map((at) => withPlan(mine(), at)),
      ...spread(now - 50 * DAY, now - 10 * DAY, PER_LIST).map((at) => withRecord(mine(), at)),
      ...spread(Date.parse(today.from), now, PER_LIST).map((at) => withRecord(mine(), at)),
      ...spread(Date.parse(REMIND_AT), Date.parse(REMIND_AT) + 3_600_000, PER_LIST).map((at) =>
        withPlan(mine(), at),
      ),
      ...Array.from({ length: PER_LIST }, (_, i) => ({
        customer: mine(),
        plans: [],
        records: [],
        birthday: `1980-03-0${5 + (i % 4)}`,
      })).map(({ customer, birthday, ...rest }) => ({ ...rest, customer: { ...customer, birthday } })),
    ];
    // Everyone else: two customers each, their plans due in a month, their last records 20 days ago.
    for (let i = 0; i < tenant.scale * 2; i++) {
      const owner = (others[i % Math.max(1, others.length)] ?? first) as BenchUser;
      const c = customerOf(tenant, owner, n++, { birthday: '1980-07-01' });
      seeded.push(
        i % 2
          ? withPlan(c, new Date(now + 30 * DAY).toISOString())
          : withRecord(c, new Date(now - 20 * DAY).toISOString()),
      );
    }
    // The owners' quota counters stay as the seeders before left them: nothing here checks a quota.
    const items: Record<string, unknown>[] = [];
    for (const s of seeded) {
      items.push(...newCustomerItems(tenant.tenantId, s.customer));
      for (const p of s.plans)
        items.push(
          planItem(tenant.tenantId, p),
          refItem(tenant.tenantId, { id: p.id, customerId: p.customerId, kind: 'plan' }),
        );
      for (const r of s.records)
        items.push(
          followUpItem(tenant.tenantId, r),
          refItem(tenant.tenantId, { id: r.id, customerId: r.customerId, kind: 'followup' }),
        );
    }
    for (const at of spread(now - 7 * DAY, now, PER_LIST)) {
      const notice = { kind: 'reply', title: '基准通知', body: '基准', dedupeKey: ulid() };
      items.push(notificationItem(tenant.tenantId, newNotification(first.userId, notice, new Date(at))));
    }
    await batchPut(items, 8);
  },
};

const list = (name: string, query: string): BenchEndpoint => ({
  name: `follow-up list: ${name}`,
  route: 'GET /v1/followup-lists/{list}',
  path: () => `/v1/followup-lists/${query}${query.includes('?') ? '&' : '?'}limit=${PAGE}`,
  as: 'rep',
});

export const followUpEndpoints: BenchEndpoint[] = [
  list('today', 'today'),
  list('week', 'week'),
  list('overdue', 'overdue'),
  list('never followed up', 'never'),
  list('dormant (7 to 60 days)', 'dormant'),
  {
    name: 'follow-up list: today of a subordinate (manager)',
    route: 'GET /v1/followup-lists/{list}',
    path: (tenant) => `/v1/followup-lists/today?userId=${tenant.reps[0]?.userId}&limit=${PAGE}`,
    as: 'manager',
  },
  {
    name: 'calendar: today (due, done, overdue, newly assigned)',
    route: 'GET /v1/calendar',
    path: () => `/v1/calendar?date=${format(new Date(), 'yyyy-MM-dd', { in: tz(TZ) })}`,
    as: 'rep',
    returned: (body) =>
      ['due', 'done', 'overdue', 'newlyAssigned'].reduce((n, s) => n + (body[s]?.items?.length ?? 0), 0),
  },
  {
    // The counts are COUNT Queries: each reads the entries it counts (at most 100 per list).
    name: 'home: week plans, reminders, list counts, reclaim soon',
    route: 'GET /v1/home',
    path: () => '/v1/home',
    as: 'rep',
    returned: (body) =>
      ['weekPlans', 'reminders', 'reclaimSoon'].reduce((n, s) => n + (body[s]?.items?.length ?? 0), 0) +
      Object.values(body.counts ?? {}).reduce((n: number, c: any) => n + (c?.count ?? 0), 0),
  },
  {
    name: 'notifications: unread, first page',
    route: 'GET /v1/notifications',
    path: () => `/v1/notifications?unread=true&limit=${PAGE}`,
    as: 'rep',
  },
  {
    name: 'notifications, first page',
    route: 'GET /v1/notifications',
    path: () => `/v1/notifications?limit=${PAGE}`,
    as: 'rep',
  },
];

const perTenant = (result: any, tenant: BenchTenant) => {
  const t = result?.tenants?.[tenant.tenantId];
  return t ? { itemsHandled: t.due as number, itemsRead: t.dueItemsRead as number } : undefined;
};

export const followUpJobs: BenchJob[] = [
  { name: 'reminders: plans due within the hour', job: 'reminders', now: REMIND_AT, perTenant },
  { name: 'date-reminders: birthdays 3 days ahead', job: 'date-reminders', now: BIRTHDAYS_AT, perTenant },
];
