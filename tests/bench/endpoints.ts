/**
 * What the bench seeds and measures, as data. A new list endpoint joins the report by adding an
 * entry to `endpoints`; the data it needs at scale comes from an entry in `seeders`.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { batchPut } from '#lib/db/batch.ts';
import { db, tableName } from '#lib/db/client.ts';
import { roleKey } from '#lib/db/keys.ts';
import type { JobName } from '#lib/jobs.ts';
import { getRoles, userItem } from '#lib/org/repository.ts';
import type { User } from '#lib/org/schemas.ts';
import type { RouteKey } from '#lib/routes.ts';
import { searchText } from '#lib/text.ts';
import { analyticsEndpoints } from './analytics.ts';
import { approvalEndpoints, approvalsSeeder } from './approvals.ts';
import { contactEndpoints, contactsSeeder } from './contacts.ts';
import { customerEndpoints, customersSeeder } from './customers.ts';
import { fieldEndpoints, fieldSeeder } from './field.ts';
import { followUpEndpoints, followUpJobs, followUpsSeeder } from './followups.ts';
import { integrationEndpoints, integrationsSeeder } from './integrations.ts';
import { lifecycleEndpoints, lifecycleSeeder } from './lifecycle.ts';
import { officeEndpoints, officeSeeder } from './office.ts';
import { pipelineEndpoints, pipelineSeeder } from './pipeline.ts';
import { poolEndpoints, poolJobs, poolSeeder } from './pool.ts';

export interface BenchReply {
  status: number;
  headers: Headers;
  body: any;
}

export interface BenchApi {
  call(
    method: string,
    path: string,
    opts: { token: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<BenchReply>;
  /** A token for a user of the tenant (POST /local/token). */
  tokenFor(tenantId: string, userId: string): Promise<string>;
}

export interface BenchUser {
  userId: string;
  name: string;
  token: string;
}

/** A seeded tenant as the seeders leave it; later seeders may read what earlier ones added. */
export interface BenchTenant {
  size: string;
  scale: number;
  tenantId: string;
  admin: BenchUser;
  /** Role ids of the default tree (系统管理员 > 销售经理 > 销售员). */
  roles: { root: string; manager: string; rep: string };
  /** Users the seeders created, by the role they hold. */
  managers: BenchUser[];
  reps: BenchUser[];
  /** Free-form facts one seeder leaves for an endpoint (e.g. an id to read). */
  facts: Record<string, string>;
}

export interface Seeder {
  name: string;
  seed(api: BenchApi, tenant: BenchTenant): Promise<void>;
}

export interface BenchEndpoint {
  name: string;
  route: RouteKey;
  /** The request path with its query, for this tenant. */
  path(tenant: BenchTenant): string;
  /** Who calls it (default: the admin). */
  as?: 'admin' | 'manager' | 'rep';
  /** The entries a composite page returns (default: its `items`, or 1). */
  returned?: (body: any) => number;
}

/**
 * The two tenant sizes every endpoint is measured at; `scale` is what seeders size their data by
 * (users; customers, deals, contacts and follow-ups per user). What the report shows is that a
 * page costs the same at both, so the large tenant is only as large as that needs: ten times the
 * small one, which itself still gives every caller a full page. Seeding is most of the bench's time.
 */
export const tenantSizes = [
  { name: 'small', scale: 20 },
  { name: 'large', scale: 200 },
] as const;

/** Runs `task` over `items`, at most `limit` at a time (bounded: the local server shares 2 cores). */
export async function inParallel<T>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
    }
  });
  await Promise.all(workers);
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
];
export const personName = (i: number) =>
  `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${i}`;

function expect201(reply: BenchReply, what: string) {
  if (reply.status !== 201)
    throw new Error(`${what} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export const seeders: Seeder[] = [
  {
    // What POST /v1/users writes (the user item, its role's member count), through the repository's
    // builder and BatchWrite: one transaction per user took a quarter of a minute at the large size.
    name: 'users (10% managers, 90% reps)',
    async seed(api, tenant) {
      const roles = await getRoles(tenant.tenantId, [tenant.roles.manager, tenant.roles.rep]);
      const pathOf = (roleId: string) => roles.find((r) => r.id === roleId)?.path ?? '';
      const at = new Date().toISOString();
      const items: Record<string, unknown>[] = [];
      const members = new Map<string, number>();
      for (let i = 0; i < tenant.scale; i++) {
        const manager = i % 10 === 0;
        const roleId = manager ? tenant.roles.manager : tenant.roles.rep;
        const user: User = {
          id: ulid(),
          name: personName(i),
          phone: `139${String(10_000_000 + i).padStart(8, '0')}`,
          email: null,
          roleId,
          rolePath: pathOf(roleId),
          disabled: false,
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        items.push(userItem(tenant.tenantId, user, searchText(user.name, user.phone, user.email)));
        members.set(roleId, (members.get(roleId) ?? 0) + 1);
        (manager ? tenant.managers : tenant.reps).push({ userId: user.id, name: user.name, token: '' });
      }
      await batchPut(items, 8);
      for (const [roleId, count] of members)
        await db().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: roleKey(tenant.tenantId, roleId),
            UpdateExpression: 'ADD memberCount :n',
            ExpressionAttributeValues: { ':n': count },
          }),
        );
      for (const user of [tenant.managers[0], tenant.reps[0]]) {
        if (user) user.token = await api.tokenFor(tenant.tenantId, user.userId);
      }
    },
  },
  {
    name: 'roles (one team role per 10 users)',
    async seed(api, tenant) {
      const count = Math.max(1, Math.floor(tenant.scale / 10));
      await inParallel([...Array(count).keys()], 4, async (i) => {
        expect201(
          await api.call('POST', '/v1/roles', {
            token: tenant.admin.token,
            body: { name: `销售${i + 1}组`, parentId: tenant.roles.manager },
          }),
          'POST /v1/roles',
        );
      });
    },
  },
  {
    name: 'region dictionary items (one per 5 users)',
    async seed(api, tenant) {
      const count = Math.max(1, Math.floor(tenant.scale / 5));
      await inParallel([...Array(count).keys()], 4, async (i) => {
        expect201(
          await api.call('POST', '/v1/dictionaries/region/items', {
            token: tenant.admin.token,
            body: { label: `片区${i + 1}` },
          }),
          'POST /v1/dictionaries/region/items',
        );
      });
    },
  },
  // ---- customers (tests/bench/customers.ts)
  customersSeeder,
  // ---- sales pipeline (tests/bench/pipeline.ts)
  pipelineSeeder,
  // ---- public pool (tests/bench/pool.ts)
  poolSeeder,
  // ---- contacts (tests/bench/contacts.ts)
  contactsSeeder,
  // ---- follow-ups (tests/bench/followups.ts)
  followUpsSeeder,
  // ---- approvals (tests/bench/approvals.ts)
  approvalsSeeder,
  // ---- integrations (tests/bench/integrations.ts)
  integrationsSeeder,
  // ---- field sales (tests/bench/field.ts)
  fieldSeeder,
  // ---- office (tests/bench/office.ts)
  officeSeeder,
  // ---- customer lifecycle (tests/bench/lifecycle.ts): last, from the customers as the others left them
  lifecycleSeeder,
];

export const endpoints: BenchEndpoint[] = [
  { name: 'users, first page', route: 'GET /v1/users', path: () => '/v1/users?limit=20' },
  {
    name: 'directory, first page',
    route: 'GET /v1/directory',
    path: () => '/v1/directory?limit=20',
    as: 'rep',
  },
  {
    name: 'directory, name search',
    route: 'GET /v1/directory',
    path: () => `/v1/directory?limit=20&q=${encodeURIComponent(personName(7))}`,
    as: 'rep',
  },
  { name: 'role tree', route: 'GET /v1/roles', path: () => '/v1/roles' },
  { name: 'region dictionary', route: 'GET /v1/dictionaries/{kind}', path: () => '/v1/dictionaries/region' },
  { name: 'custom fields', route: 'GET /v1/custom-fields', path: () => '/v1/custom-fields' },
  { name: 'saved views, first page', route: 'GET /v1/saved-views', path: () => '/v1/saved-views?limit=20' },
  // ---- customers (tests/bench/customers.ts)
  ...customerEndpoints,
  // ---- sales pipeline (tests/bench/pipeline.ts)
  ...pipelineEndpoints,
  // ---- public pool (tests/bench/pool.ts)
  ...poolEndpoints,
  // ---- contacts (tests/bench/contacts.ts)
  ...contactEndpoints,
  // ---- follow-ups (tests/bench/followups.ts)
  ...followUpEndpoints,
  // ---- analytics (tests/bench/analytics.ts)
  ...analyticsEndpoints,
  // ---- approvals (tests/bench/approvals.ts)
  ...approvalEndpoints,
  // ---- integrations (tests/bench/integrations.ts)
  ...integrationEndpoints,
  // ---- field sales (tests/bench/field.ts)
  ...fieldEndpoints,
  // ---- office (tests/bench/office.ts)
  ...officeEndpoints,
  // ---- customer lifecycle (tests/bench/lifecycle.ts)
  ...lifecycleEndpoints,
];

/**
 * A scheduled job the bench runs once, after the endpoints, at a fixed instant
 * (`POST /local/jobs/{name}/run { now }`); the job reports per tenant what it handled and read.
 */
export interface BenchJob {
  name: string;
  job: JobName;
  now: string;
  perTenant(result: any, tenant: BenchTenant): { itemsHandled: number; itemsRead: number } | undefined;
}

export const benchJobs: BenchJob[] = [
  // ---- public pool (tests/bench/pool.ts)
  ...poolJobs,
  // ---- follow-ups (tests/bench/followups.ts)
  ...followUpJobs,
];
