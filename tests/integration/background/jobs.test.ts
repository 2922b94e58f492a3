import './small-exports.ts';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { handler as getJob } from '#functions/background/get-job.ts';
import { handler as exportCustomers } from '#functions/customers/export-customers.ts';
import { handler as importCustomers } from '#functions/customers/import-customers.ts';
import { runJob } from '#lib/background/worker.ts';
import { InjectedCrash } from '#lib/customers/import.ts';
import { readLeases } from '#lib/customers/import-lease.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { listAll, ownedCount, setSettings } from '../customers/world.ts';

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const names = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}号${ulid().slice(-6)}商贸有限公司`);

const upload = (as: Caller, file: Buffer, headers: Record<string, string> = {}) =>
  invoke('POST /v1/customers/import', importCustomers, {
    as,
    rawBody: file,
    headers: { 'content-type': 'text/csv', ...headers },
  });
const job = (as: Caller, id: string) => invoke('GET /v1/jobs/{id}', getJob, { as, params: { id } });

async function company() {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const peer = await t.addUser('李四', t.roles.rep);
  await setSettings(t.tenantId, { maxCustomersPerRep: 10_000 });
  return { t, rep, peer };
}

describe('POST /v1/customers/import of a large file: a background job', () => {
  it('imports 5,000 rows as a job with progress, resumes after a crash half-way, and creates each row exactly once', async () => {
    const { t, rep } = await company();
    const rows = names('批量', 5_000);

    const res = await upload(rep, csv('客户名称', ...rows));

    expect(res.status).toBe(202);
    const { jobId } = res.body;
    expect(res.headers.location).toBe(`/v1/jobs/${jobId}`);
    expect((await job(rep, jobId)).body).toMatchObject({
      kind: 'import',
      status: 'queued',
      processed: 0,
      total: 5_000,
      result: null,
    });

    // Half the file, then a run that dies 200 rows into its chunk, before its checkpoint.
    expect(await runJob(t.tenantId, jobId, { chunks: 5 })).toBe(false);
    expect((await job(rep, jobId)).body).toMatchObject({ status: 'running', processed: 2_500, total: 5_000 });
    await expect(runJob(t.tenantId, jobId, { crashAfterRows: 200 })).rejects.toBeInstanceOf(InjectedCrash);
    expect((await job(rep, jobId)).body).toMatchObject({ status: 'running', processed: 2_500 });

    expect(await runJob(t.tenantId, jobId)).toBe(true);

    const done = (await job(rep, jobId)).body;
    expect(done).toMatchObject({ status: 'done', processed: 5_000, total: 5_000, error: null });
    expect(done.result).toMatchObject({ total: 5_000, created: 5_000, rejected: 0, rejectedCsv: null });
    expect(done.result.rows.map((r: { row: number }) => r.row)).toEqual(rows.map((_, i) => i + 2));
    const reported = new Set(done.result.rows.map((r: { customerId: string }) => r.customerId));
    expect(reported.size).toBe(5_000);
    const mine = await listAll(rep, { view: 'mine', limit: '100' });
    expect(mine).toHaveLength(5_000);
    expect(new Set(mine.map((c) => c.name)).size).toBe(5_000);
    expect(new Set(mine.map((c) => c.id))).toEqual(reported);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(5_000);
    expect(await readLeases(t.tenantId, rep.userId)).toEqual([]);
    // A late run of the ended job changes nothing.
    expect(await runJob(t.tenantId, jobId)).toBe(true);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(5_000);
  }, 600_000);

  it('creates each row once when two workers run the same job at once (a redelivered record)', async () => {
    const { t, rep } = await company();
    const res = await upload(rep, csv('客户名称', ...names('并发', 700)));

    const runs = await Promise.allSettled([
      runJob(t.tenantId, res.body.jobId),
      runJob(t.tenantId, res.body.jobId),
    ]);
    while (!(await runJob(t.tenantId, res.body.jobId)));

    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const done = (await job(rep, res.body.jobId)).body;
    expect(done.result).toMatchObject({ total: 700, created: 700, rejected: 0 });
    expect(await listAll(rep, { view: 'mine', limit: '100' })).toHaveLength(700);
    expect(await ownedCount(t.tenantId, rep.userId)).toBe(700);
  }, 300_000);

  it('reports each row as a synchronous import does: rejected rows with their errors and as CSV', async () => {
    const { t, rep } = await company();
    const rows = names('报告', 600);
    rows[10] = rows[3] as string;

    const res = await upload(
      rep,
      csv('客户名称,邮箱', ...rows.map((n, i) => `${n},${i === 20 ? 'bad' : ''}`)),
    );
    expect(res.status).toBe(202);
    expect(await runJob(t.tenantId, res.body.jobId)).toBe(true);

    const { result } = (await job(rep, res.body.jobId)).body;
    expect(result).toMatchObject({ total: 600, created: 598, rejected: 2 });
    const rejected = result.rows.filter((r: { status: string }) => r.status === 'rejected');
    expect(rejected.map((r: { row: number }) => r.row)).toEqual([12, 22]);
    expect(rejected[0].errors[0].code).toBe('duplicate_in_file');
    expect(rejected[1].errors[0].field).toBe('email');
    expect(result.rejectedCsv).toContain('错误原因');
  }, 300_000);

  it('keeps a retry with the same Idempotency-Key on the same job', async () => {
    const { rep } = await company();
    const file = csv('客户名称', ...names('重试', 501));
    const key = crypto.randomUUID();

    const first = await upload(rep, file, { 'idempotency-key': key });
    const again = await upload(rep, file, { 'idempotency-key': key });

    expect(first.status).toBe(202);
    expect(again.body.jobId).toBe(first.body.jobId);
  });

  it('refuses a large file it cannot import with problem+json, before any job', async () => {
    const { rep } = await company();

    const res = await upload(rep, csv('客户名称,星座', ...names('坏列', 600).map((n) => `${n},白羊`)));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('invalid_columns');
    expect(await listAll(rep, { view: 'mine' })).toEqual([]);
  });
});

describe('GET /v1/jobs/{id}', () => {
  it("answers 404 problem+json for someone else's job, an administrator's look too, and for an unknown id", async () => {
    const { t, rep, peer } = await company();
    const { jobId } = (await upload(rep, csv('客户名称', ...names('别人', 501)))).body;

    for (const as of [peer, t.admin]) {
      const res = await job(as, jobId);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await job(rep, ulid())).status).toBe(404);
    expect((await job(rep, 'not-an-id')).status).toBe(400);
  });
});

describe('GET /v1/customers/export of a large view: a background job', () => {
  it('answers 202, and the job ends with a download link to the whole file', async () => {
    const { t, rep } = await company();
    const rows = names('导出', 7);
    await upload(rep, csv('客户名称', ...rows));

    const res = await invoke('GET /v1/customers/export', exportCustomers, {
      as: rep,
      query: { view: 'mine' },
    });

    expect(res.status).toBe(202);
    expect(await runJob(t.tenantId, res.body.jobId)).toBe(true);
    const done = (await job(rep, res.body.jobId)).body;
    expect(done).toMatchObject({ kind: 'export', status: 'done', processed: 7, total: 7 });
    expect(done.result).toMatchObject({
      rows: 7,
      truncated: false,
      contentType: expect.stringContaining('text/csv'),
    });
    const file = await fetch(done.result.download.url);
    expect(file.status).toBe(200);
    const text = await file.text();
    for (const name of rows) expect(text).toContain(name);
  });

  it('keeps a small export in the request (200, the file itself)', async () => {
    const { rep } = await company();
    await upload(rep, csv('客户名称', ...names('小', 3)));

    const res = await invoke('GET /v1/customers/export', exportCustomers, {
      as: rep,
      query: { view: 'mine' },
    });

    expect(res.status).toBe(200);
    expect(res.headers['x-export-rows']).toBe('3');
  });
});
