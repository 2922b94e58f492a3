/** What a handler returns; lib/http turns it into the API Gateway response. */
export interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const etagOf = (version: number) => `"${version}"`;

export const ok = (
  body: unknown,
  opts: { version?: number; headers?: Record<string, string> } = {},
): Result => ({
  status: 200,
  body,
  headers: { ...opts.headers, ...(opts.version !== undefined ? { etag: etagOf(opts.version) } : {}) },
});

export const created = (body: unknown, location: string, version?: number): Result => ({
  status: 201,
  body,
  headers: { location, ...(version !== undefined ? { etag: etagOf(version) } : {}) },
});

export const accepted = (body: unknown, location?: string): Result => ({
  status: 202,
  body,
  headers: location ? { location } : {},
});

export const noContent = (): Result => ({ status: 204 });
