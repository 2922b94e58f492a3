import type { LocalRuntime } from '#infra/local/runtime.ts';
import type { BenchApi } from './endpoints.ts';

/** The bench's HTTP client; only the harness itself provisions tenants (`post`). */
export interface HarnessApi extends BenchApi {
  post(path: string, body: unknown): Promise<Record<string, any>>;
}

export function client(runtime: LocalRuntime): HarnessApi {
  const call: BenchApi['call'] = async (method, path, opts) => {
    const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${runtime.url}${path}`, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json') && text;
    return { status: res.status, headers: res.headers, body: isJson ? JSON.parse(text) : text };
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<Record<string, any>>;
  };
  return {
    call,
    post,
    tokenFor: async (tenantId, userId) => (await post('/local/token', { tenantId, userId })).token as string,
  };
}
