/**
 * `npm run bench`: a report, not a test. Starts DynamoDB Local and the local runtime, seeds a small
 * and a large tenant, and measures (1) each list endpoint's consumed capacity and read
 * amplification, (2) each function's bundle size and cold import time, (3) the local server's
 * latency over a raw DynamoDB Query. Writes JSON to BENCH_OUT (bench-report.json) and prints tables.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localClient } from '#infra/local/dynamodb.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { usersPrefix } from '#lib/db/keys.ts';
import { client, type HarnessApi } from './client.ts';
import { benchConsumers } from './consumers.ts';
import {
  type BenchApi,
  type BenchReply,
  type BenchTenant,
  benchJobs,
  endpoints,
  type Seeder,
  seeders,
  tenantSizes,
} from './endpoints.ts';
import { measureFunctions, printFunctions } from './functions.ts';
import { measureWrites, printWrites } from './writes.ts';

const OVERHEAD_SAMPLES = 200;

interface EndpointRow {
  name: string;
  route: string;
  tenantSize: string;
  status: number;
  itemsReturned: number;
  itemsRead: number;
  readAmplification: number;
  rcu: number;
  wcu: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Wall-clock seconds per phase of the run, printed as each ends and kept in the report. */
const phases: Array<{ phase: string; seconds: number }> = [];
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const seconds = round((performance.now() - started) / 1000, 1);
  phases.push({ phase: name, seconds });
  console.log(`  ${name}: ${seconds} s`);
  return result;
}

/**
 * A partial run, while working on one context: `BENCH_ONLY=users,roles,office` runs only the seeders
 * whose name starts with one of the words, `BENCH_ROUTES=/v1/worklogs,/v1/tasks` only the endpoints
 * whose route holds one of them; jobs, writes, overhead and functions are left out, and the report
 * says it is partial.
 */
const words = (name: string) =>
  process.env[name]
    ?.split(',')
    .map((w) => w.trim())
    .filter(Boolean);
const only = words('BENCH_ONLY');
const onlyRoutes = words('BENCH_ROUTES');
const partial = Boolean(only || onlyRoutes);

async function seedTenant(api: HarnessApi, size: { name: string; scale: number }): Promise<BenchTenant> {
  const created = await api.post('/local/tenants', { name: `基准测试-${size.name}` });
  const admin = { userId: created.admin.userId, name: '管理员', token: created.admin.token };
  const roles = await api.call('GET', '/v1/roles', { token: admin.token });
  const byName = (name: string) =>
    (roles.body.items as { id: string; name: string; isRoot: boolean }[]).find((r) => r.name === name)?.id ??
    '';
  const tenant: BenchTenant = {
    size: size.name,
    scale: size.scale,
    tenantId: created.tenantId,
    admin,
    roles: {
      root: (roles.body.items as { id: string; isRoot: boolean }[]).find((r) => r.isRoot)?.id ?? '',
      manager: byName('销售经理'),
      rep: byName('销售员'),
    },
    managers: [],
    reps: [],
    facts: {},
  };
  for (const seeder of seeders as Seeder[]) {
    if (only && !only.some((w) => seeder.name.startsWith(w))) continue;
    await phase(`seed ${size.name}: ${seeder.name}`, () => seeder.seed(api, tenant));
  }
  return tenant;
}

const parseCapacity = (header: string | null) => {
  const values = Object.fromEntries(
    (header ?? '').split(';').map((part) => {
      const [name = '', value = '0'] = part.split('=');
      return [name.trim(), Number(value)];
    }),
  );
  return { rcu: values.rcu ?? 0, wcu: values.wcu ?? 0, items: values.items ?? 0 };
};

const itemsIn = (reply: BenchReply) =>
  // A file (the customer export) says how many rows it holds.
  reply.headers.get('x-export-rows') !== null
    ? Number(reply.headers.get('x-export-rows'))
    : Array.isArray(reply.body?.items)
      ? reply.body.items.length
      : Array.isArray(reply.body)
        ? reply.body.length
        : 1;

async function measureEndpoints(api: BenchApi, tenants: BenchTenant[], skipped: Set<string>) {
  const rows: EndpointRow[] = [];
  for (const endpoint of endpoints) {
    if (onlyRoutes && !onlyRoutes.some((w) => endpoint.route.includes(w))) continue;
    for (const tenant of tenants) {
      const caller =
        endpoint.as === 'rep'
          ? tenant.reps[0]
          : endpoint.as === 'manager'
            ? tenant.managers[0]
            : tenant.admin;
      if (!caller?.token) {
        skipped.add(`endpoint "${endpoint.name}": no ${endpoint.as} seeded to call it`);
        continue;
      }
      const reply = await api.call('GET', endpoint.path(tenant), { token: caller.token });
      const capacity = parseCapacity(reply.headers.get('x-consumed-capacity'));
      const itemsReturned =
        reply.status !== 200 ? 0 : endpoint.returned ? endpoint.returned(reply.body) : itemsIn(reply);
      rows.push({
        name: endpoint.name,
        route: endpoint.route,
        tenantSize: tenant.size,
        status: reply.status,
        itemsReturned,
        itemsRead: capacity.items,
        readAmplification: round(capacity.items / Math.max(1, itemsReturned)),
        rcu: round(capacity.rcu),
        wcu: round(capacity.wcu),
      });
    }
  }
  return rows;
}

interface JobRow {
  name: string;
  tenantSize: string;
  itemsHandled: number;
  itemsRead: number;
  readPerItem: number;
}

/**
 * Runs each bench job once at its instant (after the endpoints, which may read what it changes)
 * and reports, per tenant, the items it read per item it handled.
 */
async function measureJobs(api: HarnessApi, tenants: BenchTenant[]) {
  const rows: JobRow[] = [];
  for (const bench of benchJobs) {
    const run = await api.post(`/local/jobs/${bench.job}/run`, { now: bench.now });
    for (const tenant of tenants) {
      const measured = bench.perTenant(run.result, tenant);
      if (!measured) continue;
      rows.push({
        name: bench.name,
        tenantSize: tenant.size,
        ...measured,
        readPerItem: round(measured.itemsRead / Math.max(1, measured.itemsHandled)),
      });
    }
  }
  return rows;
}

/** p50 of raw Query calls against p50 of the same page through the local HTTP server. */
async function measureOverhead(runtime: LocalRuntime, api: BenchApi, tenant: BenchTenant) {
  const raw = DynamoDBDocumentClient.from(localClient(runtime.dynamoEndpoint));
  const { pk, skPrefix } = usersPrefix(tenant.tenantId);
  const query = () =>
    raw.send(
      new QueryCommand({
        TableName: runtime.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
        Limit: 20,
      }),
    );
  const caller = tenant.reps[0] ?? tenant.admin;
  const viaApi = async () => {
    const reply = await api.call('GET', '/v1/directory?limit=20', { token: caller.token });
    if (reply.status !== 200) throw new Error(`GET /v1/directory answered ${reply.status}`);
  };
  const sample = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 10; i++) await fn();
    const times: number[] = [];
    for (let i = 0; i < OVERHEAD_SAMPLES; i++) {
      const started = performance.now();
      await fn();
      times.push(performance.now() - started);
    }
    return median(times);
  };
  try {
    const rawQueryMsP50 = await sample(query);
    const apiMsP50 = await sample(viaApi);
    return {
      samples: OVERHEAD_SAMPLES,
      tenantSize: tenant.size,
      rawQueryMsP50: round(rawQueryMsP50),
      apiMsP50: round(apiMsP50),
      ratio: round(apiMsP50 / rawQueryMsP50),
    };
  } finally {
    raw.destroy();
  }
}

function table(title: string, rows: Record<string, unknown>[]): void {
  console.log(`\n${title}`);
  if (!rows.length) {
    console.log('  (none)');
    return;
  }
  const columns = Object.keys(rows[0] as object);
  const cells = rows.map((row) => columns.map((c) => String(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: string[]) =>
    `  ${values.map((v, i) => (/^[\d.]+$/.test(v) ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join('  ')}`;
  console.log(line(columns));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of cells) console.log(line(row));
}

/**
 * The functions' part (functions.ts), started at once; resolves with the report and its wall-clock
 * seconds. A failure is kept for whoever awaits it, not thrown while the seeding runs.
 */
function functionsAlongside() {
  const started = performance.now();
  console.log('Bundling and importing every function, alongside the rest...');
  const run = measureFunctions((line) => console.log(`  functions: ${line}`)).then((report) => {
    const seconds = round((performance.now() - started) / 1000, 1);
    console.log(`  functions (alongside): ${seconds} s`);
    return { report, seconds };
  });
  run.catch(() => {});
  return run;
}

async function main() {
  process.env.LOG_LEVEL ??= 'SILENT';
  const started = performance.now();
  const out = process.env.BENCH_OUT ?? 'bench-report.json';
  console.log('Starting DynamoDB Local and the local runtime...');
  const runtime = await startLocalRuntime({
    port: 0,
    tableName: 'crm-bench',
    seedDemo: false,
    schedules: false,
    streamConsumers: benchConsumers,
    log: () => {},
  });
  try {
    const api = client(runtime);
    const skipped = new Set<string>();
    // Bundling and the fresh-process imports (CPU) run alongside the seeding and the reads (DynamoDB
    // Local's one SQLite thread): each function's import time is paired run by run with the
    // reference's, so a busy machine slows both alike. Awaited before the writes and the overhead,
    // whose durations are timings of their own.
    const functionsRun = partial ? undefined : functionsAlongside();
    console.log('Seeding tenants (both at once)...');
    const tenants = await phase('seed (both tenants)', () =>
      Promise.all(tenantSizes.map((size) => seedTenant(api, size))),
    );

    console.log(
      'Waiting for the stream consumers to catch up (those whose output is measured: consumers.ts)...',
    );
    await phase('stream catch-up', () => runtime.streamsCaughtUp());
    console.log('Measuring list endpoints...');
    const endpointRows = await phase('endpoints', () => measureEndpoints(api, tenants, skipped));
    if (partial) {
      phases.push({ phase: 'total', seconds: round((performance.now() - started) / 1000, 1) });
      const report = {
        generatedAt: new Date().toISOString(),
        partial: { only, onlyRoutes },
        endpoints: endpointRows,
        phases,
      };
      writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
      table(
        'List endpoints (first page; a partial run)',
        endpointRows as unknown as Record<string, unknown>[],
      );
      return;
    }
    console.log('Running the scheduled jobs...');
    const jobRows = await phase('jobs', () => measureJobs(api, tenants));
    const functions = await phase('waiting for the functions', async () => {
      const done = await (functionsRun as ReturnType<typeof functionsAlongside>);
      phases.push({ phase: 'functions (alongside the above)', seconds: done.seconds });
      return done.report;
    });
    const writes = await phase('writes', () => measureWrites(api, tenants, runtime));
    console.log(`Measuring overhead (${OVERHEAD_SAMPLES} calls each)...`);
    const overhead = await phase('overhead', () =>
      measureOverhead(runtime, api, tenants[tenants.length - 1] as BenchTenant),
    );
    phases.push({ phase: 'total', seconds: round((performance.now() - started) / 1000, 1) });

    const report = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      notes: [
        'itemsRead counts every item DynamoDB read for the request, including the 2 reads (user, role) of authentication.',
        'Capacity is as DynamoDB Local reports it (ReturnConsumedCapacity TOTAL).',
      ],
      tenantSizes,
      endpoints: endpointRows,
      jobs: jobRows,
      writes,
      functions,
      overhead,
      skipped: [...skipped],
      phases,
    };
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

    table('List endpoints (first page)', endpointRows as unknown as Record<string, unknown>[]);
    table('Scheduled jobs (items read per item handled)', jobRows as unknown as Record<string, unknown>[]);
    printWrites(writes);
    printFunctions(functions);
    table('Local server overhead (GET /v1/directory?limit=20 vs raw Query, p50 ms)', [overhead]);
    table('Phases (wall-clock seconds)', phases);
    if (skipped.size) {
      console.log('\nSkipped:');
      for (const line of skipped) console.log(`  ${line}`);
    }
    console.log(`\nReport written to ${out} in ${Math.round((performance.now() - started) / 1000)} s`);
  } finally {
    await runtime.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
