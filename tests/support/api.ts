import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { CLAIMS } from '#lib/http/auth.ts';
import type { Event, Response } from '#lib/http/http.ts';
import type { routes } from '#lib/routes.ts';

export interface Caller {
  tenantId: string;
  userId: string;
}

export interface Call {
  as?: Caller | null;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A raw body (CSV, XLSX, malformed JSON): sent as is, base64-encoded when binary. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface Answer<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
  text: string;
}

type LambdaHandler = (event: Event, context: Context) => Promise<Response>;

const context = (): Context =>
  ({
    awsRequestId: randomUUID(),
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:test',
    memoryLimitInMB: '256',
    logGroupName: 'test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }) as Context;

/** Builds the API Gateway v2 event that `key` would receive and calls the real handler with it. */
export async function invoke<T = any>(
  key: keyof typeof routes,
  handler: LambdaHandler,
  call: Call = {},
): Promise<Answer<T>> {
  const [method, template] = key.split(' ') as [string, string];
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(call.params?.[name] ?? ''),
  );
  const headers: Record<string, string> = { ...lower(call.headers ?? {}) };
  let body: string | undefined;
  let isBase64Encoded = false;
  if (call.rawBody !== undefined) {
    if (Buffer.isBuffer(call.rawBody)) {
      body = call.rawBody.toString('base64');
      isBase64Encoded = true;
    } else body = call.rawBody;
  } else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers['content-type'] ??= 'application/json';
  }
  const query = call.query ?? {};
  const event = {
    version: '2.0',
    routeKey: key,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(call.params ? { pathParameters: call.params } : {}),
    body,
    isBase64Encoded,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: call.as ? { [CLAIMS.tenantId]: call.as.tenantId, [CLAIMS.userId]: call.as.userId } : {},
          scopes: [],
        },
      },
    },
  } as unknown as Event;
  const response = await handler(event, context());
  const text = response.body ?? '';
  const responseHeaders = lower((response.headers ?? {}) as Record<string, string>);
  const json = (responseHeaders['content-type'] ?? '').includes('json') && text ? JSON.parse(text) : text;
  return { status: response.statusCode ?? 200, headers: responseHeaders, body: json as T, text };
}

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));

/**
 * Items DynamoDB read for a response, from the x-consumed-capacity header the stack sets; the
 * caller's user and role (AUTH_READS) are among them.
 */
export const itemsRead = (res: { headers: Record<string, string> }) =>
  Number(/items=(\d+)/.exec(res.headers['x-consumed-capacity'] ?? '')?.[1]);

/** Authentication reads the caller's user and role items on every request. */
export const AUTH_READS = 2;
