/**
 * What each write a sales team makes costs DynamoDB, in write capacity units as the handler's
 * `x-consumed-capacity` header reports them (ReturnConsumedCapacity TOTAL: the table, every index
 * entry the write moved, transactions counted twice). Part of `npm run bench` at both tenant sizes;
 * `npm run bench:writes` runs it alone on a fresh tenant in seconds.
 *
 * Every POST carries an Idempotency-Key, as the README tells clients to: its record is part of the cost.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { BenchApi, BenchReply, BenchTenant } from './endpoints.ts';

export interface WriteRow {
  name: string;
  route: string;
  tenantSize: string;
  status: number;
  wcu: number;
  rcu: number;
}

const capacity = (reply: BenchReply) => {
  const parts = Object.fromEntries(
    (reply.headers.get('x-consumed-capacity') ?? '').split(';').map((p) => {
      const [name = '', value = '0'] = p.split('=');
      return [name.trim(), Number(value)];
    }),
  );
  return { wcu: parts.wcu ?? 0, rcu: parts.rcu ?? 0 };
};

const round = (n: number) => Math.round(n * 100) / 100;

/** The writes of one tenant, each measured once, in an order where each sets up the next. */
async function tenantWrites(api: BenchApi, tenant: BenchTenant): Promise<WriteRow[]> {
  const [rep, peer] = tenant.reps;
  if (!rep || !peer) throw new Error('the write bench needs two reps');
  rep.token ||= await api.tokenFor(tenant.tenantId, rep.userId);
  peer.token ||= await api.tokenFor(tenant.tenantId, peer.userId);
  const rows: WriteRow[] = [];
  const send = async (
    as: { token: string },
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const reply = await api.call(method, path, {
      token: as.token,
      ...(body !== undefined ? { body } : {}),
      headers: method === 'POST' ? { 'idempotency-key': randomUUID(), ...headers } : headers,
    });
    if (reply.status >= 300)
      throw new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply;
  };
  const measure = async (
    name: string,
    route: string,
    as: { token: string },
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const reply = await send(as, method, path, body, headers);
    rows.push({ name, route, tenantSize: tenant.size, status: reply.status, ...roundAll(capacity(reply)) });
    return reply.body;
  };
  const tag = tenant.size;
  const unique = (what: string) => `${what}${tag}${randomUUID().slice(0, 8)}`;
  const ifMatch = async (id: string) =>
    ({ 'if-match': (await send(rep, 'GET', `/v1/customers/${id}`)).headers.get('etag') ?? '' }) as Record<
      string,
      string
    >;

  const plain = await measure('customer create, plain', 'POST /v1/customers', rep, 'POST', '/v1/customers', {
    name: unique('写入成本科技有限公司'),
  });
  await measure('customer create, 2 tags + 1 contact', 'POST /v1/customers', rep, 'POST', '/v1/customers', {
    name: unique('写入成本贸易有限公司'),
    phone: '0755-28780808',
    tags: ['重点', '华南'],
    contacts: [{ name: '王经理', mobile: '13800138000', primary: true }],
  });
  await measure(
    'customer edit, name (listed, searched)',
    'PATCH /v1/customers/{id}',
    rep,
    'PATCH',
    `/v1/customers/${plain.id}`,
    { name: unique('写入成本改名有限公司') },
    await ifMatch(plain.id),
  );
  await measure(
    'customer edit, address (shown, not searched)',
    'PATCH /v1/customers/{id}',
    rep,
    'PATCH',
    `/v1/customers/${plain.id}`,
    { address: `深圳市南山区科技园${randomUUID().slice(0, 4)}号` },
    await ifMatch(plain.id),
  );
  await measure(
    'follow-up record',
    'POST /v1/customers/{id}/followups',
    rep,
    'POST',
    `/v1/customers/${plain.id}/followups`,
    { content: '电话沟通，客户对报价有兴趣' },
  );
  await measure(
    'follow-up plan',
    'POST /v1/customers/{id}/plans',
    rep,
    'POST',
    `/v1/customers/${plain.id}/plans`,
    { dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), note: '回访' },
  );
  await measure(
    'transfer',
    'POST /v1/customers/{id}/transfer',
    rep,
    'POST',
    `/v1/customers/${plain.id}/transfer`,
    { userId: peer.userId },
  );
  const reasons = (await send(rep, 'GET', '/v1/dictionaries/poolReason')).body.items as { id: string }[];
  const released = await send(rep, 'POST', '/v1/customers', { name: unique('写入成本公海有限公司') });
  await measure(
    'release to the pool',
    'POST /v1/customers/{id}/release',
    rep,
    'POST',
    `/v1/customers/${released.body.id}/release`,
    { reasonId: reasons[0]?.id },
  );
  await measure(
    'claim from the pool',
    'POST /v1/customers/{id}/claim',
    peer,
    'POST',
    `/v1/customers/${released.body.id}/claim`,
  );
  const product = await send(tenant.admin, 'POST', '/v1/products', {
    name: unique('产品'),
    code: unique('P-'),
    unit: '套',
    priceFen: 100_000,
  });
  const contract = await measure('contract, signed', 'POST /v1/contracts', peer, 'POST', '/v1/contracts', {
    customerId: plain.id,
    lines: [{ productId: product.body.id, quantity: 1 }],
    signedOn: '2026-03-01',
  });
  await measure('payment', 'POST /v1/payments', peer, 'POST', '/v1/payments', {
    contractId: contract.id,
    amountFen: 30_000,
    receivedOn: '2026-03-15',
  });
  return rows;
}

const roundAll = (c: { wcu: number; rcu: number }) => ({ wcu: round(c.wcu), rcu: round(c.rcu) });

/** Each write endpoint once per tenant (after the list endpoints, so no list sees these). */
export async function measureWrites(api: BenchApi, tenants: BenchTenant[]): Promise<WriteRow[]> {
  const rows: WriteRow[] = [];
  for (const tenant of tenants) rows.push(...(await tenantWrites(api, tenant)));
  return rows;
}

export function printWrites(rows: WriteRow[]): void {
  console.log('\nWrite endpoints (capacity per request)');
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`  ${'write'.padEnd(width)}  size    wcu    rcu  status`);
  for (const r of rows)
    console.log(
      `  ${r.name.padEnd(width)}  ${r.tenantSize.padEnd(5)}  ${String(r.wcu).padStart(5)}  ${String(r.rcu).padStart(5)}  ${r.status}`,
    );
}

/** Alone: a fresh tenant with an administrator and two reps, on a local runtime of its own. */
async function main() {
  process.env.LOG_LEVEL ??= 'SILENT';
  const { startLocalRuntime } = await import('#infra/local/runtime.ts');
  const runtime = await startLocalRuntime({
    port: 0,
    tableName: 'crm-bench-writes',
    seedDemo: false,
    schedules: false,
    log: () => {},
  });
  try {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${runtime.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<Record<string, any>>;
    };
    const api: BenchApi = {
      async call(method, path, opts) {
        const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, ...opts.headers };
        if (opts.body !== undefined) headers['content-type'] = 'application/json';
        const res = await fetch(`${runtime.url}${path}`, {
          method,
          headers,
          ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        });
        const text = await res.text();
        const json = (res.headers.get('content-type') ?? '').includes('json') && text;
        return { status: res.status, headers: res.headers, body: json ? JSON.parse(text) : text };
      },
      tokenFor: async (tenantId, userId) =>
        (await post('/local/token', { tenantId, userId })).token as string,
    };
    const created = await post('/local/tenants', { name: '写入成本' });
    const admin = { userId: created.admin.userId, name: '管理员', token: created.admin.token };
    const roles = (await api.call('GET', '/v1/roles', { token: admin.token })).body.items as {
      id: string;
      name: string;
      isRoot: boolean;
    }[];
    const roleId = (name: string) => roles.find((r) => r.name === name)?.id ?? '';
    const addRep = async (name: string) => {
      const user = await api.call('POST', '/v1/users', {
        token: admin.token,
        body: { name, roleId: roleId('销售员') },
        headers: { 'idempotency-key': randomUUID() },
      });
      return { userId: user.body.id as string, name, token: '' };
    };
    const tenant: BenchTenant = {
      size: 'alone',
      scale: 2,
      tenantId: created.tenantId,
      admin,
      roles: {
        root: roles.find((r) => r.isRoot)?.id ?? '',
        manager: roleId('销售经理'),
        rep: roleId('销售员'),
      },
      managers: [],
      reps: [await addRep('张三'), await addRep('李四')],
      facts: {},
    };
    const rows = await measureWrites(api, [tenant]);
    printWrites(rows);
    if (process.env.BENCH_OUT) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.BENCH_OUT, `${JSON.stringify({ writes: rows }, null, 2)}\n`);
    }
  } finally {
    await runtime.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
