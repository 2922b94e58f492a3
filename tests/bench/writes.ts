/**
 * What each write a sales team makes costs DynamoDB, in write capacity units as the handler's
 * `x-consumed-capacity` header reports them (ReturnConsumedCapacity TOTAL: the table and every
 * index entry the write moved, as DynamoDB Local counts them; its transactions are not counted as
 * AWS bills them, see the README's "What a tenant costs"). Part of `npm run bench` at both tenant sizes;
 * `npm run bench:writes` runs it alone on a fresh tenant in seconds. Given a way to wait for the
 * stream consumers, each write also reports what the consumers wrote because of it (`streamWcu`:
 * tier copy, timeline, analytics, activity feed...), which no response header can show.
 *
 * Every POST carries an Idempotency-Key, as the README tells clients to: its record is part of the cost.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { db } from '#lib/db/client.ts';
import { isWriteCommand } from '#lib/db/metering.ts';
import { DEFAULT_POOL_ID } from '#lib/ownership/rules.ts';
import { client } from './client.ts';
import type { BenchApi, BenchReply, BenchTenant } from './endpoints.ts';
import { RULES } from './pool.ts';

export interface WriteRow {
  name: string;
  route: string;
  tenantSize: string;
  status: number;
  wcu: number;
  rcu: number;
  /** Written by the stream consumers in reaction (null when the run does not wait for them). */
  streamWcu: number | null;
  /** Wall-clock of the request on the local runtime: a report for the cost model, never asserted. */
  ms: number;
}

/**
 * Every write capacity unit the process spends, whoever spends it: the handlers' meter only sees
 * a request's own calls, the stream consumers run outside any request.
 */
function tallyAllWrites(): () => number {
  let wcu = 0;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (isWriteCommand(context.commandName ?? '')) {
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Array<{
          CapacityUnits?: number;
        }>)
          wcu += c.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchWriteTally' },
  );
  return () => wcu;
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
async function tenantWrites(api: BenchApi, tenant: BenchTenant, streams?: Streams): Promise<WriteRow[]> {
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
    const before = streams?.written();
    const started = performance.now();
    const reply = await send(as, method, path, body, headers);
    const ms = round(performance.now() - started);
    const spent = roundAll(capacity(reply));
    await streams?.settle();
    const streamWcu = streams && before !== undefined ? round(streams.written() - before - spent.wcu) : null;
    rows.push({ name, route, tenantSize: tenant.size, status: reply.status, ...spent, streamWcu, ms });
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

/** What the write bench needs of the runtime to see the stream consumers' writes. */
interface Streams {
  settle(): Promise<void>;
  written(): number;
}

/**
 * Each write endpoint once per tenant (after the list endpoints, so no list sees these). Given the
 * runtime, waits for its stream consumers after each write and reports what they wrote.
 */
export async function measureWrites(
  api: BenchApi,
  tenants: BenchTenant[],
  runtime?: { streamsCaughtUp(): Promise<void> },
): Promise<WriteRow[]> {
  const streams = runtime && { settle: () => runtime.streamsCaughtUp(), written: tallyAllWrites() };
  await streams?.settle();
  const rows: WriteRow[] = [];
  for (const tenant of tenants) rows.push(...(await tenantWrites(api, tenant, streams)));
  return rows;
}

export function printWrites(rows: WriteRow[]): void {
  console.log(
    '\nWrite endpoints (capacity per request; streamWcu: what the stream consumers wrote after it)',
  );
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`  ${'write'.padEnd(width)}  size      wcu  streamWcu    rcu      ms  status`);
  for (const r of rows)
    console.log(
      `  ${r.name.padEnd(width)}  ${r.tenantSize.padEnd(6)}  ${String(r.wcu).padStart(5)}  ${String(r.streamWcu ?? '-').padStart(9)}  ${String(r.rcu).padStart(5)}  ${String(r.ms).padStart(6)}  ${r.status}`,
    );
}

/** A read the cost model prices, measured like a write. */
export interface ReadRow {
  name: string;
  route: string;
  itemsReturned: number;
  rcu: number;
  ms: number;
}

const PAGE = 20;

/** A full page of the rep's customers, then what a rep reads most: a list page, a 360 view, the home. */
async function measureReads(api: BenchApi, tenant: BenchTenant): Promise<ReadRow[]> {
  const rep = tenant.reps[0] as BenchTenant['reps'][number];
  for (let i = 0; i < PAGE; i++) {
    const reply = await api.call('POST', '/v1/customers', {
      token: rep.token,
      body: { name: `读取成本${i}号贸易有限公司`, phone: `0755-2878${String(1000 + i)}`, tags: ['重点'] },
      headers: { 'idempotency-key': randomUUID() },
    });
    if (reply.status !== 201) throw new Error(`POST /v1/customers answered ${reply.status}`);
  }
  const mine = await api.call('GET', `/v1/customers?view=mine&limit=${PAGE}`, { token: rep.token });
  const someone = mine.body.items[0].id as string;
  const rows: ReadRow[] = [];
  const read = async (name: string, route: string, path: string) => {
    const started = performance.now();
    const reply = await api.call('GET', path, { token: rep.token });
    const ms = round(performance.now() - started);
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}`);
    const items = Array.isArray(reply.body?.items) ? reply.body.items.length : 1;
    rows.push({ name, route, itemsReturned: items, rcu: capacity(reply).rcu, ms });
  };
  await read('customer list page (mine, 20)', 'GET /v1/customers', `/v1/customers?view=mine&limit=${PAGE}`);
  await read(
    'customer list page (mine, by tag)',
    'GET /v1/customers',
    `/v1/customers?view=mine&tag=${encodeURIComponent('重点')}&limit=${PAGE}`,
  );
  await read('customer 360 overview', 'GET /v1/customers/{id}/overview', `/v1/customers/${someone}/overview`);
  await read('home', 'GET /v1/home', '/v1/home');
  return rows;
}

/**
 * On a local runtime of its own: a fresh tenant (an administrator and two reps, reclaim on in the
 * default pool as in the bench's tenants), every write once with what the stream consumers wrote
 * after it, and (`withReads`) the reads the cost model prices.
 */
export async function runAlone(withReads: boolean): Promise<{ writes: WriteRow[]; reads: ReadRow[] }> {
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
    const api = client(runtime);
    const created = await api.post('/local/tenants', { name: '写入成本' });
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
    // Reclaim on, as in the bench's tenants and most teams with a public pool: every owned customer
    // then also sits in the reclaim indexes, and a follow-up moves it there too.
    const pool = await api.call('GET', `/v1/pools/${DEFAULT_POOL_ID}`, { token: admin.token });
    const reclaimOn = await api.call('PATCH', `/v1/pools/${DEFAULT_POOL_ID}`, {
      token: admin.token,
      body: { reclaim: RULES },
      headers: { 'if-match': pool.headers.get('etag') ?? '' },
    });
    if (reclaimOn.status !== 200) throw new Error(`PATCH /v1/pools answered ${reclaimOn.status}`);
    const writes = await measureWrites(api, [tenant], runtime);
    const reads = withReads ? await measureReads(api, tenant) : [];
    return { writes, reads };
  } finally {
    await runtime.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  runAlone(false).then(
    ({ writes }) => {
      printWrites(writes);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
