import { inject } from 'vitest';
import { freePort } from '#infra/local/dynamodb.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { jobs } from '#lib/jobs.ts';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface Client {
  runtime: LocalRuntime;
  call<T = any>(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Reply<T>>;
}

/**
 * The local runtime on a free port, against the DynamoDB Local and table of the test run, with the
 * real job table plus a fixture job that reports the clock it sees.
 */
export async function startRuntime(opts: { schedules?: boolean } = {}): Promise<Client> {
  const runtime = await startLocalRuntime({
    port: await freePort(),
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: inject('tableName'),
    s3: { endpoint: inject('s3Endpoint'), bucket: inject('filesBucket') },
    seedDemo: false,
    schedules: opts.schedules ?? false,
    jobs: {
      ...jobs,
      'clock-probe': {
        summary: 'Test fixture: reports the clock',
        handler: 'tests/e2e/fixtures/clock-job.ts',
        schedule: 'rate(1 day)',
        access: 'read',
      },
    },
    log: () => {},
  });
  return {
    runtime,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${runtime.url}${path}`, {
        method,
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('json') && text;
      return { status: res.status, headers: res.headers, body: json ? JSON.parse(text) : text, text };
    },
  };
}

/** A fresh tenant through `POST /local/tenants`, as a developer would make one. */
export async function newTenant(client: Client, name = `端到端-${Math.random().toString(36).slice(2, 8)}`) {
  const res = await client.call('POST', '/local/tenants', { body: { name } });
  if (res.status !== 201) throw new Error(`POST /local/tenants answered ${res.status}: ${res.text}`);
  return res.body as { tenantId: string; admin: { userId: string; token: string } };
}
