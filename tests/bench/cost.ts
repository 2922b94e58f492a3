/**
 * `npm run cost`: what one tenant costs a month on AWS, from measured capacity. Every price and
 * assumption is in this file; the figures per request (WCU of each write and of the stream
 * consumers' writes after it, RCU of the reads, request duration) are measured by running the write
 * bench on a local runtime of its own (tests/bench/writes.ts runAlone, about a minute).
 * A report, not a test: nothing is asserted.
 */
import { type ReadRow, runAlone, type WriteRow } from './writes.ts';

/** List prices, us-east-1, USD, on-demand, as published in 2026 (free tiers ignored). */
const PRICES = {
  /** DynamoDB on-demand: per write request unit (1 KB; transactional writes count twice). */
  dynamoWriteUnit: 0.625 / 1e6,
  /** Per read request unit (4 KB strongly consistent; eventually consistent reads count half). */
  dynamoReadUnit: 0.125 / 1e6,
  /** Table storage per GB-month (indexes and copies included). */
  dynamoStorageGbMonth: 0.25,
  /** Lambda on arm64, per GB-second and per request. */
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  /** API Gateway HTTP API, per request (first 300 million a month). */
  httpApiRequest: 1.0 / 1e6,
  /** CloudWatch Logs: ingestion per GB, storage per GB-month (kept six months: infra/aws/handler-function.ts). */
  logsIngestGb: 0.5,
  logsStorageGbMonth: 0.03,
};

/** The tenant: 50 reps on working days, each doing a stated mix of writes and reads a day. */
const TENANT = {
  reps: 50,
  workdaysPerMonth: 22,
  /** Customers the tenant holds, for storage: 300 per rep. */
  customers: 50 * 300,
  /**
   * Bytes a customer takes with everything derived from it: the item, its entries in 4 list indexes
   * and 1 agenda index, its search copy and pointers, a tag copy with its 3 index entries, its tier
   * copy with its 3 index entries, 20 follow-ups, 5 contacts, 10 timeline entries (at ~2 KB per
   * customer-shaped item, ~0.5 KB per small one).
   */
  bytesPerCustomer: 16 * 2048 + 40 * 512,
  /** Per rep per working day. Follow-ups are the write a sales team makes most. */
  writesPerRepPerDay: {
    'follow-up record': 20,
    'follow-up plan': 8,
    'customer create, plain': 2,
    'customer create, 2 tags + 1 contact': 1,
    'customer edit, address (shown, not searched)': 3,
    'customer edit, name (listed, searched)': 0.2,
    'release to the pool': 0.5,
    'claim from the pool': 0.5,
    transfer: 0.1,
    'contract, signed': 0.1,
    payment: 0.1,
  } as Record<string, number>,
  readsPerRepPerDay: {
    'customer list page (mine, 20)': 60,
    'customer list page (mine, by tag)': 10,
    'customer 360 overview': 40,
    home: 10,
  } as Record<string, number>,
  /** Authorizer-free requests the figures above do not name (settings, dictionaries, office...): a share on top. */
  otherRequestsShare: 0.5,
  /** A structured log line per request plus the error/debug share, bytes. */
  logBytesPerRequest: 1500,
};

/** Lambda memory as configured for every HTTP function (infra/aws/handler-function.ts). */
const LAMBDA_MEMORY_MB = 1024;
/**
 * A warm handler's duration in AWS, where a DynamoDB call takes ~5-10 ms: what the model also
 * prices beside the local measurement (DynamoDB Local on a shared 2-core machine is far slower).
 */
const AWS_TYPICAL_MS = 80;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const dollars = (n: number) => `$${n.toFixed(2)}`;

function monthly(writes: WriteRow[], reads: ReadRow[], requestMs: number) {
  const days = TENANT.reps * TENANT.workdaysPerMonth;
  let wcu = 0;
  let streamWcu = 0;
  let rcu = 0;
  let requests = 0;
  const perWrite: Array<{
    write: string;
    perMonth: number;
    wcu: number;
    streamWcu: number;
    dollars: string;
  }> = [];
  for (const [name, perDay] of Object.entries(TENANT.writesPerRepPerDay)) {
    const row = writes.find((w) => w.name === name);
    if (!row) throw new Error(`no measured write "${name}"`);
    const count = perDay * days;
    const units = count * row.wcu;
    const streamUnits = count * (row.streamWcu ?? 0);
    wcu += units;
    streamWcu += streamUnits;
    rcu += count * row.rcu;
    requests += count;
    perWrite.push({
      write: name,
      perMonth: Math.round(count),
      wcu: row.wcu,
      streamWcu: row.streamWcu ?? 0,
      dollars: dollars((units + streamUnits) * PRICES.dynamoWriteUnit),
    });
  }
  for (const [name, perDay] of Object.entries(TENANT.readsPerRepPerDay)) {
    const row = reads.find((r) => r.name === name);
    if (!row) throw new Error(`no measured read "${name}"`);
    rcu += perDay * days * row.rcu;
    requests += perDay * days;
  }
  const allRequests = requests * (1 + TENANT.otherRequestsShare);
  const gbSeconds = allRequests * (requestMs / 1000) * (LAMBDA_MEMORY_MB / 1024);
  const logGb = (allRequests * TENANT.logBytesPerRequest) / 1024 ** 3;
  const lines = {
    'DynamoDB writes (requests)': wcu * PRICES.dynamoWriteUnit,
    'DynamoDB writes (stream consumers)': streamWcu * PRICES.dynamoWriteUnit,
    'DynamoDB reads': rcu * (1 + TENANT.otherRequestsShare) * PRICES.dynamoReadUnit,
    'DynamoDB storage':
      ((TENANT.customers * TENANT.bytesPerCustomer) / 1024 ** 3) * PRICES.dynamoStorageGbMonth,
    'Lambda duration': gbSeconds * PRICES.lambdaGbSecond,
    'Lambda requests': allRequests * PRICES.lambdaRequest,
    'HTTP API requests': allRequests * PRICES.httpApiRequest,
    'CloudWatch Logs (ingest + 6 months kept)': logGb * (PRICES.logsIngestGb + 6 * PRICES.logsStorageGbMonth),
  };
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return { lines, total, perWrite, requests: Math.round(allRequests) };
}

async function main() {
  console.log('Measuring every write and the priced reads on a local runtime...');
  const { writes, reads } = await runAlone(true);
  const measuredMs = median([...writes.map((w) => w.ms), ...reads.map((r) => r.ms)]);
  const local = monthly(writes, reads, measuredMs);
  const aws = monthly(writes, reads, AWS_TYPICAL_MS);

  console.log(
    `\nTenant: ${TENANT.reps} reps, ${TENANT.workdaysPerMonth} working days, ${local.requests} requests a month`,
  );
  console.log('\nWrites a month (WCU each, as measured; $ = DynamoDB writes incl. stream consumers)');
  for (const w of local.perWrite)
    console.log(
      `  ${w.write.padEnd(46)} ${String(w.perMonth).padStart(7)} x ${String(w.wcu).padStart(5)} + ${String(w.streamWcu).padStart(4)}  ${w.dollars.padStart(7)}`,
    );
  console.log(
    `\nMonthly cost, Lambda at ${LAMBDA_MEMORY_MB} MB x the measured median ${Math.round(measuredMs)} ms (local) | x ${AWS_TYPICAL_MS} ms (AWS, warm)`,
  );
  for (const [line, amount] of Object.entries(local.lines))
    console.log(
      `  ${line.padEnd(42)} ${dollars(amount).padStart(8)} | ${dollars(aws.lines[line as keyof typeof aws.lines]).padStart(8)}`,
    );
  console.log(
    `  ${'total'.padEnd(42)} ${dollars(local.total).padStart(8)} | ${dollars(aws.total).padStart(8)}`,
  );
  console.log('\nReads (RCU each, as measured)');
  for (const r of reads)
    console.log(
      `  ${r.name.padEnd(46)} ${String(r.itemsReturned).padStart(3)} items  ${String(r.rcu).padStart(5)} RCU`,
    );
  const verdict = aws.total < 5 ? 'under' : 'over';
  console.log(`\nAt AWS request durations the tenant is ${verdict} $5 a month (${dollars(aws.total)}).`);
  // What one more follow-up per rep and day adds: how many the budget allows.
  const followUp = writes.find((w) => w.name === 'follow-up record') as WriteRow;
  const perFollowUp =
    (followUp.wcu + (followUp.streamWcu ?? 0)) * PRICES.dynamoWriteUnit +
    (AWS_TYPICAL_MS / 1000) * (LAMBDA_MEMORY_MB / 1024) * PRICES.lambdaGbSecond +
    PRICES.lambdaRequest +
    PRICES.httpApiRequest +
    (TENANT.logBytesPerRequest / 1024 ** 3) * (PRICES.logsIngestGb + 6 * PRICES.logsStorageGbMonth);
  const room = (5 - aws.total) / (perFollowUp * TENANT.reps * TENANT.workdaysPerMonth);
  console.log(
    `One follow-up costs ${(perFollowUp * 1e6).toFixed(0)} $ per million; the $5 line is at ${Math.floor(
      (TENANT.writesPerRepPerDay['follow-up record'] ?? 0) + room,
    )} follow-ups per rep and working day, the rest of the mix unchanged.`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
