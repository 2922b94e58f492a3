import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

process.env.TABLE_NAME ??= 'unit-test';
const { annotate, awsCall, daemonAddress, invocation, outgoing, sampledTrace, segmentName, traced } =
  await import('#lib/tracing.ts');

const ROOT = '1-67891233-abcdef012345678912345678';
const PARENT = '53995c3f42cd8ad8';

interface Doc {
  id: string;
  name: string;
  trace_id: string;
  parent_id: string;
  type: string;
  start_time: number;
  end_time: number;
  namespace?: string;
  annotations?: Record<string, unknown>;
  aws?: Record<string, unknown>;
  http?: { request?: { url: string; method: string }; response?: { status: number } };
  error?: boolean;
  throttle?: boolean;
  fault?: boolean;
  cause?: { exceptions: { message: string; type: string }[] };
}

/** A stand-in for the Lambda X-Ray daemon: every document sent to it, parsed. */
let daemon: Socket;
let received: Doc[] = [];

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    const [header, body] = message.toString().split('\n');
    expect(JSON.parse(header as string)).toEqual({ format: 'json', version: 1 });
    received.push(JSON.parse(body as string) as Doc);
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
});

afterAll(() => daemon.close());

afterEach(() => {
  received = [];
  delete process.env._X_AMZN_TRACE_ID;
  delete process.env.AWS_XRAY_DAEMON_ADDRESS;
});

function sampled(flag = '1') {
  process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${(daemon.address() as AddressInfo).port}`;
  process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=${flag};Lineage=a87bd80c:0`;
}

/** The daemon's documents once it has `count` (UDP on loopback: none lost, but not synchronous). */
function documents(count: number): Promise<Doc[]> {
  return new Promise((resolve) => {
    const check = () => {
      if (received.length < count) return;
      daemon.off('message', check);
      resolve(received);
    };
    daemon.on('message', check);
    check();
  });
}

/** A DynamoDB client whose HTTP layer answers with `status` and `body`, with no network. */
function dynamo(status: number, body: object) {
  return new DynamoDBClient({
    region: 'ap-southeast-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: status,
          headers: { 'x-amzn-requestid': 'REQ1', 'content-type': 'application/x-amz-json-1.0' },
          body: Readable.from([Buffer.from(JSON.stringify(body))]),
        },
      }),
    },
  });
}

const getItem = new GetItemCommand({ TableName: 'crm-table', Key: { pk: { S: 'a' }, sk: { S: 'b' } } });

describe('the X-Ray writer', () => {
  it('reads the daemon address in both of its forms', () => {
    expect(daemonAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(daemonAddress('tcp:127.0.0.1:2000 udp:127.0.0.2:2001')).toEqual({ host: '127.0.0.2', port: 2001 });
    expect(daemonAddress(undefined)).toBeUndefined();
  });

  it('names segments with the characters X-Ray accepts, Chinese included', () => {
    expect(segmentName('## GET /v1/customers/{id}/followups')).toBe('## GET /v1/customers/id/followups');
    expect(segmentName('hooks.example.com:8443')).toBe('hooks.example.com:8443');
    expect(segmentName('## 导入客户 (v2)')).toBe('## 导入客户 v2');
    expect(segmentName('x'.repeat(300))).toHaveLength(200);
  });

  it('follows only a sampled trace', () => {
    expect(sampledTrace(`Root=${ROOT};Parent=${PARENT};Sampled=1`)).toEqual({
      traceId: ROOT,
      parentId: PARENT,
    });
    expect(sampledTrace(`Root=${ROOT};Parent=${PARENT};Sampled=0`)).toBeUndefined();
    expect(sampledTrace(`Root=${ROOT}`)).toBeUndefined();
  });

  it('sends the invocation as a subsegment of the function, annotated, and each SDK call as one of it', async () => {
    sampled();
    const client = traced(dynamo(200, { Item: { pk: { S: 'a' } } }));

    const result = await invocation(
      'GET /v1/customers/{id}',
      async () => {
        annotate('route', 'GET /v1/customers/{id}');
        annotate('tenantId', 't1');
        await client.send(getItem);
        return { statusCode: 200 };
      },
      (r) => r.statusCode,
    );

    expect(result).toEqual({ statusCode: 200 });
    const docs = await documents(2);
    const handler = docs.find((d) => d.name.startsWith('## ')) as Doc;
    const call = docs.find((d) => d.name === 'DynamoDB') as Doc;
    expect(handler).toMatchObject({
      // X-Ray refuses braces in a name; the route annotation keeps the template as it is.
      name: '## GET /v1/customers/id',
      trace_id: ROOT,
      parent_id: PARENT,
      type: 'subsegment',
      annotations: { Service: 'crm', route: 'GET /v1/customers/{id}', tenantId: 't1' },
      http: { response: { status: 200 } },
    });
    expect(typeof handler.annotations?.ColdStart).toBe('boolean');
    expect(call).toMatchObject({
      trace_id: ROOT,
      parent_id: handler.id,
      type: 'subsegment',
      namespace: 'aws',
      aws: { operation: 'GetItem', table_name: 'crm-table', request_id: 'REQ1', retries: 0 },
      http: { response: { status: 200 } },
    });
    expect(call.start_time).toBeGreaterThanOrEqual(handler.start_time);
    expect(call.end_time).toBeLessThanOrEqual(handler.end_time);
    expect(handler.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('marks a refused call an error, a throttled one a throttle, and a failed invocation a fault', async () => {
    sampled();
    const refused = traced(
      dynamo(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      }),
    );
    const throttled = traced(
      dynamo(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
        message: 'Rate exceeded',
      }),
    );

    await expect(
      invocation('reclaim-pool', async () => {
        await refused.send(getItem).catch(() => undefined);
        await throttled.send(getItem).catch(() => undefined);
        throw new Error('job failed');
      }),
    ).rejects.toThrow('job failed');

    const docs = await documents(3);
    const handler = docs.find((d) => d.name === '## reclaim-pool') as Doc;
    const calls = docs.filter((d) => d.name === 'DynamoDB');
    expect(handler).toMatchObject({
      fault: true,
      cause: { exceptions: [{ message: 'job failed', type: 'Error' }] },
    });
    expect(calls.map((c) => c.cause?.exceptions[0]?.type).sort()).toEqual([
      'ConditionalCheckFailedException',
      'ThrottlingException',
    ]);
    for (const call of calls)
      expect(call).toMatchObject({ error: true, http: { response: { status: 400 } } });
    expect(calls.some((c) => c.fault)).toBe(false);
  });

  it('traces a call without the SDK (a webhook) as a remote subsegment, without its query', async () => {
    sampled();

    await invocation('webhook-deliveries', () =>
      outgoing(
        new URL('https://hooks.example.com/crm?token=secret'),
        'POST',
        async () => ({ status: 503 }),
        (s) => s.status,
      ),
    );

    const docs = await documents(2);
    expect(docs.find((d) => d.name === 'hooks.example.com')).toMatchObject({
      namespace: 'remote',
      http: { request: { url: 'https://hooks.example.com/crm', method: 'POST' }, response: { status: 503 } },
      fault: true,
    });
  });

  it('traces an AWS call made without the SDK (S3 through aws4fetch) as an aws subsegment', async () => {
    sampled();

    await invocation('GET /v1/attachments/{id}', () =>
      awsCall(
        'S3',
        'HeadObject',
        async () => ({ status: 404 }),
        (r) => r.status,
      ),
    );

    const docs = await documents(2);
    expect(docs.find((d) => d.name === 'S3')).toMatchObject({
      namespace: 'aws',
      aws: { operation: 'HeadObject' },
      http: { response: { status: 404 } },
      error: true,
    });
  });

  it('sends nothing for an unsampled invocation or outside Lambda, and runs the work all the same', async () => {
    const client = traced(dynamo(200, {}));
    sampled('0');
    expect(await invocation('a', async () => (await client.send(getItem)).$metadata.httpStatusCode)).toBe(
      200,
    );
    delete process.env._X_AMZN_TRACE_ID;
    delete process.env.AWS_XRAY_DAEMON_ADDRESS;
    expect(await invocation('b', async () => (await client.send(getItem)).$metadata.httpStatusCode)).toBe(
      200,
    );

    // A document sent now would be on its way: a traced one after it proves the first two sent none.
    sampled();
    await invocation('c', async () => undefined);
    const docs = await documents(1);
    expect(docs.map((d) => d.name)).toEqual(['## c']);
  });
});
