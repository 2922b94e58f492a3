/**
 * `npm run load`: a bounded load test of the local runtime. It starts DynamoDB Local, the local S3
 * and the API on free loopback ports, seeds one tenant (50 reps, a public pool of customers, a
 * per-rep quota and a daily claim limit that the run will hit), then runs 50 concurrent users for
 * LOAD_SECONDS (60) doing what reps do all day: list their customers and the pool, create
 * customers, record follow-ups, claim from the pool, open the home page. It prints throughput,
 * latency percentiles and errors per operation, then checks what must hold whatever the load:
 * no 5xx, each pool customer won by one claim and owned by its winner, no rep above the quota or
 * the daily claim limit. Exits 1 when any of that fails. Nothing leaves 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const USERS = Number(process.env.LOAD_USERS ?? 50);
/** More than IMPORT_SYNC_MAX_ROWS: the pool is seeded by a background import job, run by the local stream. */
const POOL_CUSTOMERS = 600;
/** Low enough that creates and claims run into it within the run. */
const QUOTA = 8;
const CLAIMS_PER_DAY = 5;

interface Sample {
  op: string;
  status: number;
  /** A problem's code (409 quota_exceeded, already_claimed...). */
  code?: string;
  ms: number;
}

const samples: Sample[] = [];

async function call(
  rt: LocalRuntime,
  op: string,
  token: string,
  method: string,
  path: string,
  opts: {
    body?: unknown;
    raw?: Buffer;
    type?: string;
    headers?: Record<string, string>;
    record?: boolean;
  } = {},
) {
  const started = performance.now();
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.type ? { 'content-type': opts.type } : {}),
      ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    ...(opts.raw ? { body: opts.raw } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  const body = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (opts.record !== false)
    samples.push({
      op,
      status: res.status,
      ms,
      ...(res.status >= 400 && body?.code ? { code: body.code } : {}),
    });
  return { status: res.status, body, etag: res.headers.get('etag') ?? '' };
}

async function ok(promise: ReturnType<typeof call>, what: string) {
  const res = await promise;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

async function localPost(rt: LocalRuntime, path: string, body: unknown) {
  const res = await fetch(`${rt.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

interface Rep {
  userId: string;
  token: string;
  owned: string[];
}

async function seed(rt: LocalRuntime) {
  const tenant = await localPost(rt, '/local/tenants', { name: `压测公司-${randomUUID().slice(0, 6)}` });
  const admin: string = tenant.admin.token;
  const q = { record: false } as const;
  const settings = await ok(call(rt, 'seed', admin, 'GET', '/v1/settings', q), 'settings');
  await ok(
    call(rt, 'seed', admin, 'PATCH', '/v1/settings', {
      ...q,
      body: { maxCustomersPerRep: QUOTA },
      headers: { 'if-match': settings.etag },
    }),
    'quota',
  );
  const pools = await ok(call(rt, 'seed', admin, 'GET', '/v1/pools', q), 'pools');
  const pool = pools.body.items[0];
  const poolNow = await ok(call(rt, 'seed', admin, 'GET', `/v1/pools/${pool.id}`, q), 'pool');
  await ok(
    call(rt, 'seed', admin, 'PATCH', `/v1/pools/${pool.id}`, {
      ...q,
      body: { claimDailyLimit: CLAIMS_PER_DAY },
      headers: { 'if-match': poolNow.etag },
    }),
    'claim limit',
  );
  const roles = await ok(call(rt, 'seed', admin, 'GET', '/v1/roles', q), 'roles');
  const repRole = roles.body.items.find((r: { name: string }) => r.name === '销售员');
  const reps: Rep[] = [];
  for (let i = 0; i < USERS; i++) {
    const user = await ok(
      call(rt, 'seed', admin, 'POST', '/v1/users', {
        ...q,
        body: { name: `销售${i + 1}号`, roleId: repRole.id },
      }),
      'user',
    );
    const { token } = await localPost(rt, '/local/token', {
      tenantId: tenant.tenantId,
      userId: user.body.id,
    });
    reps.push({ userId: user.body.id, token, owned: [] });
  }
  const rows = Array.from(
    { length: POOL_CUSTOMERS },
    (_, i) => `公海客户${i + 1}号${randomUUID().slice(0, 6)}有限公司`,
  );
  const imported = await ok(
    call(rt, 'seed', admin, 'POST', '/v1/customers/import?into=pool', {
      ...q,
      raw: Buffer.from(['客户名称', ...rows].join('\r\n')),
      type: 'text/csv',
    }),
    'pool import',
  );
  if (imported.status !== 202)
    throw new Error(`pool import: ${imported.status} ${JSON.stringify(imported.body)}`);
  // Each checkpoint of the job is a change the local stream reader hands to the worker again.
  for (let round = 1; ; round++) {
    if (round > 100) throw new Error('The pool import job did not end.');
    await rt.streamsCaughtUp();
    const job = await ok(call(rt, 'seed', admin, 'GET', `/v1/jobs/${imported.body.jobId}`, q), 'job');
    if (job.body.status === 'failed')
      throw new Error(`pool import job failed: ${JSON.stringify(job.body.error)}`);
    if (job.body.status !== 'done') continue;
    if (job.body.result.created !== POOL_CUSTOMERS)
      throw new Error(`pool import: ${JSON.stringify(job.body)}`);
    break;
  }
  return { tenantId: tenant.tenantId as string, admin, reps };
}

const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** One rep's day, over and over until the deadline. */
async function user(rt: LocalRuntime, rep: Rep, deadline: number, claims: Map<string, string[]>) {
  let n = 0;
  while (performance.now() < deadline) {
    n += 1;
    const step = n % 6;
    if (step === 0) {
      const res = await call(rt, 'list mine', rep.token, 'GET', '/v1/customers?view=mine&limit=20');
      if (res.status === 200) rep.owned = res.body.items.map((c: { id: string }) => c.id);
    } else if (step === 1) {
      const res = await call(rt, 'create customer', rep.token, 'POST', '/v1/customers', {
        body: { name: `新客户${randomUUID().slice(0, 8)}有限公司`, phone: '13800138000' },
      });
      if (res.status === 201) rep.owned.push(res.body.id);
    } else if (step === 2) {
      const id = pick(rep.owned);
      if (id)
        await call(rt, 'follow-up', rep.token, 'POST', `/v1/customers/${id}/followups`, {
          body: { content: '电话沟通，客户有兴趣' },
        });
    } else if (step === 3) {
      const res = await call(rt, 'list pool', rep.token, 'GET', '/v1/customers?view=pool&limit=50');
      const id = res.status === 200 ? pick(res.body.items as Array<{ id: string }>)?.id : undefined;
      if (id) {
        const claim = await call(rt, 'claim', rep.token, 'POST', `/v1/customers/${id}/claim`, { body: {} });
        if (claim.status === 200) claims.set(id, [...(claims.get(id) ?? []), rep.userId]);
      }
    } else if (step === 4) {
      await call(rt, 'home', rep.token, 'GET', '/v1/home');
    } else {
      await call(rt, 'follow-up list', rep.token, 'GET', '/v1/followup-lists/today');
    }
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number)
    : 0;

function report(seconds: number) {
  const ops = [...new Set(samples.map((s) => s.op))].sort();
  const line = (op: string, of: Sample[]) => {
    const ms = of.map((s) => s.ms).sort((a, b) => a - b);
    const byStatus = new Map<string, number>();
    for (const s of of) {
      const key = s.code ? `${s.status} ${s.code}` : String(s.status);
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    const statuses = [...byStatus]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, c]) => `${s}×${c}`)
      .join(' ');
    return `| ${op} | ${of.length} | ${(of.length / seconds).toFixed(1)} | ${percentile(ms, 50).toFixed(0)} | ${percentile(ms, 99).toFixed(0)} | ${statuses} |`;
  };
  return [
    '| operation | requests | req/s | p50 ms | p99 ms | statuses |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...ops.map((op) =>
      line(
        op,
        samples.filter((s) => s.op === op),
      ),
    ),
    line('**all**', samples),
  ].join('\n');
}

/** What must hold after the run; answers the broken invariants. */
async function check(
  rt: LocalRuntime,
  world: Awaited<ReturnType<typeof seed>>,
  claims: Map<string, string[]>,
) {
  const broken: string[] = [];
  const fivexx = samples.filter((s) => s.status >= 500);
  if (fivexx.length) broken.push(`${fivexx.length} responses were 5xx`);
  for (const [id, winners] of claims) {
    if (winners.length !== 1) broken.push(`pool customer ${id} was claimed ${winners.length} times`);
    const customer = await call(rt, 'check', world.admin, 'GET', `/v1/customers/${id}`, { record: false });
    if (customer.body.ownerId !== winners[0]) broken.push(`pool customer ${id} is not owned by its claimant`);
  }
  const claimsBy = new Map<string, number>();
  for (const winners of claims.values()) for (const w of winners) claimsBy.set(w, (claimsBy.get(w) ?? 0) + 1);
  for (const rep of world.reps) {
    let owned = 0;
    let cursor: string | undefined;
    do {
      const page = await call(
        rt,
        'check',
        rep.token,
        'GET',
        `/v1/customers?view=mine&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { record: false },
      );
      owned += page.body.items.length;
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    if (owned > QUOTA) broken.push(`rep ${rep.userId} owns ${owned} customers, above the quota of ${QUOTA}`);
    if ((claimsBy.get(rep.userId) ?? 0) > CLAIMS_PER_DAY)
      broken.push(`rep ${rep.userId} claimed ${claimsBy.get(rep.userId)} in a day, above ${CLAIMS_PER_DAY}`);
  }
  return broken;
}

async function main() {
  // One log line per request would cost more than the requests.
  process.env.LOG_LEVEL ??= 'WARN';
  console.log('Starting DynamoDB Local, the local S3 and the API on free loopback ports...');
  const rt = await startLocalRuntime({
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    schedules: false,
    log: () => {},
  });
  try {
    const world = await seed(rt);
    console.log(
      `Seeded tenant ${world.tenantId}: ${USERS} reps, ${POOL_CUSTOMERS} pool customers, quota ${QUOTA}, ${CLAIMS_PER_DAY} claims a day.`,
    );
    // The stream consumers' work on the seed (name search, timeline, analytics...) done first, so
    // the run measures the mix, not the seed's aftermath; during the run they keep up as they do.
    await rt.streamsCaughtUp();
    console.log(`${USERS} users for ${SECONDS} s...`);
    const claims = new Map<string, string[]>();
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(world.reps.map((rep) => user(rt, rep, deadline, claims)));
    const elapsed = (performance.now() - started) / 1000;
    console.log(
      `\n${samples.length} requests in ${elapsed.toFixed(1)} s: ${(samples.length / elapsed).toFixed(1)} req/s\n`,
    );
    console.log(report(elapsed));
    const broken = await check(rt, world, claims);
    console.log(`\nClaims won: ${claims.size} pool customers.`);
    if (broken.length) {
      console.log(
        `\nBROKEN (${broken.length}):\n${broken
          .slice(0, 20)
          .map((b) => `  ${b}`)
          .join('\n')}`,
      );
      process.exitCode = 1;
    } else
      console.log('\nInvariants hold: no 5xx, one winner per claimed customer, quota and claim limit kept.');
  } finally {
    await rt.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
