import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { getTenant, getUserWithRole } from '#lib/org/repository.ts';
import { provisionTenant } from '#lib/tenants/provision.ts';
import type { TokenIssuer } from './tokens.ts';

export const DEMO_TENANT_NAME = '示例科技有限公司';

export interface DemoUser {
  key: 'admin' | 'manager' | 'rep1' | 'rep2';
  name: string;
  role: string;
  userId: string;
  token: string;
}

export interface DemoTenant {
  tenantId: string;
  name: string;
  users: DemoUser[];
}

interface SavedDemo {
  endpoint: string;
  table: string;
  tenantId: string;
  users: Omit<DemoUser, 'token'>[];
}

const PEOPLE = [
  { key: 'manager', name: '王经理', role: 'manager', phone: '13800138001' },
  { key: 'rep1', name: '张三', role: 'rep', phone: '13800138002' },
  { key: 'rep2', name: '李四', role: 'rep', phone: '13800138003' },
] as const;

/** Created once the customers module exists (through the public API, so only its contract matters). */
const CUSTOMERS: { owner: 'rep1' | 'rep2'; name: string; phone: string }[] = [
  { owner: 'rep1', name: '上海明远贸易有限公司', phone: '13912345601' },
  { owner: 'rep1', name: '杭州云帆网络科技有限公司', phone: '13912345602' },
  { owner: 'rep1', name: '深圳海拓电子有限公司', phone: '13912345603' },
  { owner: 'rep2', name: '北京华信软件有限公司', phone: '13912345604' },
  { owner: 'rep2', name: '广州聚源餐饮管理有限公司', phone: '13912345605' },
];

async function call(base: string, token: string, method: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function reuse(saved: SavedDemo, tokens: TokenIssuer): Promise<DemoTenant | undefined> {
  if (!(await getTenant(saved.tenantId))) return undefined;
  const users: DemoUser[] = [];
  for (const user of saved.users) {
    const found = await getUserWithRole(saved.tenantId, user.userId);
    if (!found || found.user.deleted || found.user.disabled) return undefined;
    users.push({ ...user, token: await tokens.sign({ tenantId: saved.tenantId, userId: user.userId }) });
  }
  return { tenantId: saved.tenantId, name: DEMO_TENANT_NAME, users };
}

function readSaved(file: string | undefined, endpoint: string, table: string): SavedDemo | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedDemo;
    return saved.endpoint === endpoint && saved.table === table ? saved : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The demo tenant 示例科技有限公司 with one user per role (管理员, 销售经理 王经理, 销售员 张三 and
 * 李四) and, once the customers module exists, a few customers. With a persistent DynamoDB
 * (`stateFile` given) the tenant of the previous start is reused when it still exists.
 */
export async function seedDemo(opts: {
  url: string;
  tokens: TokenIssuer;
  endpoint: string;
  table: string;
  stateFile?: string;
  log: (line: string) => void;
}): Promise<DemoTenant> {
  const saved = readSaved(opts.stateFile, opts.endpoint, opts.table);
  const reused = saved ? await reuse(saved, opts.tokens) : undefined;
  if (reused) return reused;

  const { tenant, admin, roles } = await provisionTenant({
    name: DEMO_TENANT_NAME,
    admin: { name: '管理员' },
  });
  const adminToken = await opts.tokens.sign({ tenantId: tenant.id, userId: admin.id });
  const users: DemoUser[] = [
    { key: 'admin', name: admin.name, role: roles.root.name, userId: admin.id, token: adminToken },
  ];
  for (const person of PEOPLE) {
    const role = roles[person.role];
    const res = await call(opts.url, adminToken, 'POST', '/v1/users', {
      name: person.name,
      phone: person.phone,
      roleId: role.id,
    });
    if (res.status !== 201) throw new Error(`demo seed: creating ${person.name} answered ${res.status}`);
    const userId = String(res.body.id);
    const token = await opts.tokens.sign({ tenantId: tenant.id, userId });
    users.push({ key: person.key, name: person.name, role: role.name, userId, token });
  }
  await seedCustomers(opts.url, users, opts.log);

  if (opts.stateFile) {
    mkdirSync(dirname(opts.stateFile), { recursive: true });
    const state: SavedDemo = {
      endpoint: opts.endpoint,
      table: opts.table,
      tenantId: tenant.id,
      users: users.map(({ token: _token, ...user }) => user),
    };
    writeFileSync(opts.stateFile, JSON.stringify(state, null, 2));
  }
  return { tenantId: tenant.id, name: DEMO_TENANT_NAME, users };
}

async function seedCustomers(url: string, users: DemoUser[], log: (line: string) => void): Promise<void> {
  for (const customer of CUSTOMERS) {
    const owner = users.find((u) => u.key === customer.owner);
    if (!owner) continue;
    const res = await call(url, owner.token, 'POST', '/v1/customers', {
      name: customer.name,
      phone: customer.phone,
    });
    if (res.status !== 201) log(`  demo customer ${customer.name} was not created (${res.status})`);
  }
}
