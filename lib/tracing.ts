import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { Context } from 'aws-lambda';
import { flushMetrics } from './metrics-flush.ts';

/**
 * X-Ray, written straight to the Lambda X-Ray daemon (UDP, documented segment format) instead of
 * through the X-Ray SDK: the SDK (which Powertools' Tracer loads) added 55 to 65 ms to every cold
 * start, more than the rest of a function together (tests/bench/functions.ts). What is traced is
 * what the Tracer traced: each invocation is a `## <name>` subsegment of the function's segment,
 * annotated with the cold start, the service and (HTTP) the route and tenant, and each call of an
 * AWS SDK client passed through `traced`, or of a webhook (`outgoing`), is a subsegment of it.
 * Only a sampled invocation in Lambda (active tracing: a trace header and a daemon address) sends
 * anything; everywhere else every function here is a plain call.
 */

type Annotation = string | number | boolean;

interface Subsegment {
  id: string;
  name: string;
  trace_id: string;
  parent_id: string;
  type: 'subsegment';
  start_time: number;
  end_time?: number;
  namespace?: 'aws' | 'remote';
  annotations?: Record<string, Annotation>;
  aws?: Record<string, string | number>;
  http?: { request?: { url: string; method: string }; response?: { status: number } };
  error?: true;
  throttle?: true;
  fault?: true;
  cause?: { exceptions: { id: string; message: string; type: string }[] };
}

const SERVICE = 'crm';
const HEADER = '{"format":"json","version":1}\n';

const current = new AsyncLocalStorage<Subsegment>();
let coldStart = true;

const now = () => (performance.timeOrigin + performance.now()) / 1000;
const newId = () => randomBytes(8).toString('hex');

/** `host:port` of the daemon: AWS_XRAY_DAEMON_ADDRESS is `host:port` or `udp:host:port tcp:host:port`. */
export function daemonAddress(value: string | undefined): { host: string; port: number } | undefined {
  const udp = value?.split(' ').find((part) => !part.startsWith('tcp:'));
  const match = udp?.replace(/^udp:/, '').match(/^(.+):(\d+)$/);
  return match ? { host: match[1] as string, port: Number(match[2]) } : undefined;
}

/** The invocation's trace and the function segment's id, when Lambda sampled it. */
export function sampledTrace(header: string | undefined): { traceId: string; parentId: string } | undefined {
  const fields = new Map((header ?? '').split(';').map((field) => field.split('=') as [string, string]));
  const traceId = fields.get('Root');
  const parentId = fields.get('Parent');
  return traceId && parentId && fields.get('Sampled') === '1' ? { traceId, parentId } : undefined;
}

interface LambdaGlobal {
  awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } };
}

function incomingTrace() {
  const daemon = daemonAddress(process.env.AWS_XRAY_DAEMON_ADDRESS);
  // The runtime keeps the header per invocation in its InvokeStore when invocations may overlap.
  const header =
    (globalThis as LambdaGlobal).awslambda?.InvokeStore?.getXRayTraceId() ?? process.env._X_AMZN_TRACE_ID;
  const trace = sampledTrace(header);
  return daemon && trace ? { daemon, ...trace } : undefined;
}

/**
 * Sends one document; never fails what is traced (a lost segment is only a gap in the trace). A
 * socket per document, closed once sent, as the X-Ray SDK does in Lambda: none is held across the
 * freezes between invocations.
 */
function send(segment: Subsegment): Promise<void> {
  const daemon = daemonAddress(process.env.AWS_XRAY_DAEMON_ADDRESS);
  if (!daemon) return Promise.resolve();
  const socket: Socket = createSocket('udp4');
  socket.on('error', () => {});
  socket.unref();
  const message = Buffer.from(HEADER + JSON.stringify(segment));
  return new Promise((resolve) =>
    socket.send(message, daemon.port, daemon.host, () => {
      socket.close();
      resolve();
    }),
  );
}

/** A segment name X-Ray accepts: letters, digits, spaces and `_ . : / % & # = + \ - @`, 200 at most. */
export const segmentName = (name: string) => name.replace(/[^\p{L}\p{N}\s_.:/%&#=+\\@-]/gu, '').slice(0, 200);

function open(name: string, parent: { trace_id: string; id: string }, extra: Partial<Subsegment> = {}) {
  return {
    id: newId(),
    name: segmentName(name),
    trace_id: parent.trace_id,
    parent_id: parent.id,
    type: 'subsegment',
    start_time: now(),
    ...extra,
  } satisfies Subsegment;
}

function flagStatus(segment: Subsegment, status: number | undefined) {
  if (status === undefined) return;
  segment.http = { ...segment.http, response: { status } };
  if (status === 429) segment.throttle = true;
  if (status >= 400 && status < 500) segment.error = true;
  if (status >= 500) segment.fault = true;
}

function recordError(segment: Subsegment, error: unknown) {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  segment.cause = { exceptions: [{ id: newId(), message, type: name }] };
}

/**
 * Runs one invocation as the `## <name>` subsegment (a no-op outside a sampled Lambda
 * invocation). A thrown error marks it a fault; `status` reports an HTTP answer's status.
 */
export async function invocation<R>(
  name: string,
  run: () => Promise<R>,
  status?: (result: R) => number | undefined,
): Promise<R> {
  const cold = coldStart;
  coldStart = false;
  const trace = incomingTrace();
  if (!trace) return run();
  const segment: Subsegment = open(
    `## ${name}`,
    { trace_id: trace.traceId, id: trace.parentId },
    {
      annotations: { ColdStart: cold, Service: SERVICE },
    },
  );
  try {
    const result = await current.run(segment, run);
    flagStatus(segment, status?.(result));
    return result;
  } catch (error) {
    segment.fault = true;
    recordError(segment, error);
    throw error;
  } finally {
    segment.end_time = now();
    await send(segment);
  }
}

/** An indexed annotation on the invocation's subsegment: traces can be searched by it. */
export function annotate(key: string, value: Annotation): void {
  const segment = current.getStore();
  if (segment) segment.annotations = { ...segment.annotations, [key]: value };
}

/** A call out of the function as a subsegment of the invocation, when it is traced. */
async function subsegment<R>(
  name: string,
  extra: Partial<Subsegment>,
  run: () => Promise<R>,
  status: (result: R) => number | undefined,
  failed: (error: unknown) => number | undefined,
): Promise<R> {
  const parent = current.getStore();
  if (!parent) return run();
  const segment: Subsegment = open(name, parent, extra);
  try {
    const result = await run();
    flagStatus(segment, status(result));
    return result;
  } catch (error) {
    flagStatus(segment, failed(error) ?? 500);
    recordError(segment, error);
    throw error;
  } finally {
    segment.end_time = now();
    void send(segment);
  }
}

/** A webhook's POST (or any HTTP call made without the SDK) as a `remote` subsegment. */
export const outgoing = <R>(
  url: URL,
  method: string,
  run: () => Promise<R>,
  status: (r: R) => number | null,
) =>
  subsegment(
    url.host,
    { namespace: 'remote', http: { request: { url: `${url.origin}${url.pathname}`, method } } },
    run,
    (result) => status(result) ?? undefined,
    () => undefined,
  );

/** An AWS call made without the SDK (S3, signed by aws4fetch) as the subsegment `traced` writes. */
export const awsCall = <R>(
  service: string,
  operation: string,
  run: () => Promise<R>,
  status: (r: R) => number,
) =>
  subsegment(
    service,
    { namespace: 'aws', aws: { operation, region: process.env.AWS_REGION ?? '' } },
    run,
    status,
    () => undefined,
  );

interface SdkMetadata {
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

/** What an AWS SDK v3 client offers to hook a middleware in; every client has it. */
interface SdkClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<{ output: object }>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: object }) => Promise<{ output: object }>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * The same client, its every call a subsegment named after the service (`DynamoDB`, `SNS`, ...)
 * with the operation, table, request id, retries and status X-Ray's service map shows.
 */
export function traced<T extends object>(client: T): T {
  (client as unknown as SdkClient).middlewareStack.add(
    (next, context) => (args) => {
      const input = args.input as { TableName?: string };
      const aws: Record<string, string | number> = {
        operation: (context.commandName ?? '').replace(/Command$/, ''),
        region: process.env.AWS_REGION ?? '',
      };
      if (input.TableName) aws.table_name = input.TableName;
      const metadata = (out: SdkMetadata | undefined) => {
        if (out?.$metadata?.requestId) aws.request_id = out.$metadata.requestId;
        if (out?.$metadata?.attempts) aws.retries = out.$metadata.attempts - 1;
        return out?.$metadata?.httpStatusCode;
      };
      return subsegment(
        (context.clientName ?? 'AWS').replace(/Client$/, ''),
        { namespace: 'aws', aws },
        () => next(args),
        (result) => metadata(result.output as SdkMetadata),
        (error) => metadata(error as SdkMetadata),
      );
    },
    { step: 'initialize', name: 'xrayTrace' },
  );
  return client;
}

/**
 * The wrapper of every scheduled job, stream and event consumer, as lib/http is for routes: its
 * invocation subsegment, and the business metrics counted during the run written at its end,
 * whatever happened.
 */
export function background<A extends [unknown, Context?, ...unknown[]], R>(
  name: string,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await invocation(name, () => handler(...args));
    } finally {
      flushMetrics();
    }
  };
}
