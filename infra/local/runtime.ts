import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { JobSpec, StreamConsumerSpec } from '#lib/jobs.ts';
import type { DemoTenant } from './demo.ts';
import { createTable, type RunningDynamoDb, startDynamoDbLocal } from './dynamodb.ts';
import { type RunningS3, startS3 } from './s3.ts';
import { createIssuer, type TokenIssuer } from './tokens.ts';
import { webhookSecretsKek } from './webhook-key.ts';

export interface LocalRuntimeOptions {
  /** 0 picks a free port. */
  port: number;
  /** Loopback by default: the /local endpoints mint tokens for anyone who can reach them. */
  host?: string;
  /** An already running DynamoDB (Local); when absent, DynamoDB Local is started and stopped with the runtime. */
  dynamoEndpoint?: string | undefined;
  tableName?: string;
  /** An already running S3 (s3rver) with the files bucket; when absent, one is started and stopped with the runtime. */
  s3?: { endpoint: string; bucket: string } | undefined;
  seedDemo: boolean;
  /** Fire the `rate(...)` jobs on their schedule (default true). */
  schedules?: boolean;
  /** Keep the token signing key here so tokens survive restarts; in memory when absent. */
  keyFile?: string;
  /** Remember the demo tenant here and reuse it while it exists (persistent DynamoDB only). */
  demoStateFile?: string;
  /** The job table; lib/jobs.ts unless a test brings its own. */
  jobs?: Record<string, JobSpec>;
  /** The stream consumers to run; lib/jobs.ts's unless the caller (the bench) brings a selection. */
  streamConsumers?: Readonly<Record<string, StreamConsumerSpec>>;
  log?: (line: string) => void;
}

export interface LocalRuntime {
  url: string;
  port: number;
  dynamoEndpoint: string;
  /** The local S3 (s3rver) holding the attachments' bucket. */
  s3Endpoint: string;
  filesBucket: string;
  tableName: string;
  tokens: TokenIssuer;
  demo: DemoTenant | undefined;
  /** What the job timer does, one line per job with a handler. */
  schedules: string[];
  /** Resolves once the stream consumers have handled everything written before the call. */
  streamsCaughtUp(): Promise<void>;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} is already in use on ${host}. Stop what runs there, or pick another: PORT=3001 npm start`,
            )
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });

/**
 * The local runtime: DynamoDB Local (or the endpoint given) with the table, the HTTP server that
 * turns requests into API Gateway v2 events for the real handlers, the job timer and, on request,
 * the demo tenant. The port is taken first, so a busy port fails before Java even starts.
 */
export async function startLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((line: string) => console.log(line));
  const tableName = opts.tableName ?? 'crm-local';
  let listener: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (listener) return listener(req, res);
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting');
  });
  // Node answers a request it cannot parse (headers over 16 KB: 431) with no body; a client gets the
  // problem+json every other error has.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      type: 'about:blank',
      title: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
      status,
      detail: tooLarge ? 'The request line and headers exceed 16 KB.' : 'The request could not be parsed.',
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const port = await listen(server, opts.port, host);
  const url = `http://${host}:${port}`;

  let dynamo: RunningDynamoDb | undefined;
  let s3: RunningS3 | undefined;
  let stopJobs = () => {};
  let stopStreams = async () => {};
  let streamsCaughtUp = async () => {};
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      stopJobs();
      await stopStreams();
      await closeServer(server);
      await dynamo?.stop();
      await s3?.stop();
    })();
    return stopped;
  };

  try {
    [dynamo, s3] = await Promise.all([
      opts.dynamoEndpoint ? undefined : startDynamoDbLocal(),
      opts.s3 ? undefined : startS3(),
    ]);
    const files = opts.s3 ?? (s3 as RunningS3);
    const dynamoEndpoint = opts.dynamoEndpoint ?? (dynamo as RunningDynamoDb).endpoint;
    await createTable(dynamoEndpoint, tableName);

    // lib/config.ts reads the environment once: it must be right before any handler module loads.
    process.env.TABLE_NAME = tableName;
    process.env.DYNAMODB_ENDPOINT = dynamoEndpoint;
    process.env.RUNTIME = 'local';
    process.env.AWS_REGION ??= 'cn-north-1';
    process.env.FILES_BUCKET = files.bucket;
    process.env.S3_ENDPOINT = files.endpoint;
    process.env.WEBHOOK_SECRETS_KEK ??= webhookSecretsKek(opts.keyFile);
    const { config } = await import('#lib/config.ts');
    const read = config();
    if (
      read.TABLE_NAME !== tableName ||
      read.DYNAMODB_ENDPOINT !== dynamoEndpoint ||
      read.RUNTIME !== 'local' ||
      read.S3_ENDPOINT !== files.endpoint
    ) {
      throw new Error(
        `lib/config.ts was read before the local runtime set its environment (table ${read.TABLE_NAME}, ` +
          `endpoint ${read.DYNAMODB_ENDPOINT}); start the runtime before importing handler modules.`,
      );
    }

    const tokens = await createIssuer(opts.keyFile ? { keyFile: opts.keyFile } : {});
    const [{ jobs }, { createJobRunner }, { createListener }] = await Promise.all([
      import('#lib/jobs.ts'),
      import('./scheduler.ts'),
      import('./server.ts'),
    ]);
    const runner = createJobRunner(opts.jobs ?? jobs, log);
    stopJobs = runner.stop;
    // Domain events go to the in-process bus, which invokes the event consumers (webhooks).
    const [{ useLocalBus }, { localBus }] = await Promise.all([
      import('#lib/events/publisher.ts'),
      import('./bus.ts'),
    ]);
    useLocalBus(localBus());
    // The table's stream consumers (SMS broadcasts, analytics), fed from DynamoDB Local's stream.
    // A table of our own is read from its start; a shared one only from now on.
    const { startStreamConsumers } = await import('./streams.ts');
    const streams = startStreamConsumers({
      endpoint: dynamoEndpoint,
      tableName,
      log,
      ...(opts.streamConsumers ? { consumers: opts.streamConsumers } : {}),
      from: opts.dynamoEndpoint ? 'LATEST' : 'TRIM_HORIZON',
    });
    stopStreams = streams.stop;
    await streams.ready;
    streamsCaughtUp = streams.caughtUp;
    listener = createListener({ tokens, jobs: runner, dynamoEndpoint, tableName });

    let demo: DemoTenant | undefined;
    if (opts.seedDemo) {
      const { seedDemo } = await import('./demo.ts');
      demo = await seedDemo({
        url,
        tokens,
        endpoint: dynamoEndpoint,
        table: tableName,
        ...(opts.demoStateFile ? { stateFile: opts.demoStateFile } : {}),
        log,
      });
    }
    const schedules = (opts.schedules ?? true) ? runner.start() : [];
    return {
      url,
      port,
      dynamoEndpoint,
      s3Endpoint: files.endpoint,
      filesBucket: files.bucket,
      tableName,
      tokens,
      demo,
      schedules,
      streamsCaughtUp: () => streamsCaughtUp(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
