import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#lib/routes.ts';
import { recordOutboxMessage } from '#lib/sms/outbox.ts';
import { type Client, newTenant, startRuntime } from './runtime.ts';

let client: Client;
beforeAll(async () => {
  client = await startRuntime();
});
afterAll(() => client.runtime.stop());

describe('requests become API Gateway v2 events for the real handlers', () => {
  it('passes query strings through and returns the handler headers', async () => {
    const t = await newTenant(client);

    const res = await client.call('GET', '/v1/directory?limit=1', { token: t.admin.token });

    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.headers.get('x-consumed-capacity')).toMatch(/^rcu=[\d.]+;wcu=[\d.]+;items=\d+$/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it("passes the handler's own problem+json through (400 with field paths)", async () => {
    const t = await newTenant(client);

    const res = await client.call('GET', '/v1/users?limit=0', { token: t.admin.token });

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'query.limit' });
    // CORS is the gateway's (API Gateway's configuration in AWS, this server locally), on errors too.
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')?.split(',')).toContain('x-consumed-capacity');
  });

  it('fills path parameters from the route template', async () => {
    const t = await newTenant(client);
    const roles = await client.call('GET', '/v1/roles', { token: t.admin.token });
    const rep = roles.body.items.find((r: { name: string }) => r.name === '销售员');

    const res = await client.call('PATCH', `/v1/roles/${rep.id}`, {
      token: t.admin.token,
      headers: { 'if-match': `"${rep.version}"` },
      body: { name: '客户经理' },
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: rep.id, name: '客户经理' });
  });

  it.each([
    ['with its length declared', false],
    ['streamed without a length', true],
  ])('answers a body over 10 MB %s with 413 problem+json, not a reset connection', async (_, chunked) => {
    const t = await newTenant(client);
    const chunk = new TextEncoder().encode(`"${'x'.repeat(1024 * 1024)}",`);
    const big = new Uint8Array(chunk.length * 11);
    for (let i = 0; i < 11; i++) big.set(chunk, i * chunk.length);
    const body = chunked
      ? new ReadableStream({
          start(controller) {
            for (let i = 0; i < 11; i++) controller.enqueue(chunk);
            controller.close();
          },
        })
      : big;

    const res = await fetch(`${client.runtime.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.admin.token}`, 'content-type': 'application/json' },
      body,
      ...(chunked ? { duplex: 'half' } : {}),
    } as RequestInit);

    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
  });

  it('answers an unknown path with 404 problem+json', async () => {
    const res = await client.call('GET', '/v1/nothing-here');

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'route_not_found' });
  });

  it('takes the longest cursor a list allows, and answers headers over 16 KB with 431 problem+json', async () => {
    const t = await newTenant(client);

    const longest = await client.call('GET', `/v1/directory?cursor=${'A'.repeat(2048)}`, {
      token: t.admin.token,
    });
    const huge = await client.call('GET', '/v1/directory', {
      token: t.admin.token,
      headers: { 'x-padding': 'x'.repeat(20_000) },
    });

    expect(longest.status).toBe(400);
    expect(longest.body.errors[0]).toMatchObject({ path: 'query.cursor', code: 'invalid_cursor' });
    expect(huge.status).toBe(431);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    expect(huge.body).toMatchObject({ status: 431 });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await client.call('DELETE', '/v1/me');

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect(res.body).toMatchObject({ code: 'method_not_allowed' });
  });

  it('answers a CORS preflight with 204 and the allowed headers', async () => {
    const res = await client.call('OPTIONS', '/v1/users', {
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });

    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect(res.headers.get('access-control-expose-headers')?.split(',')).toEqual(
      expect.arrayContaining([
        'etag',
        'idempotent-replayed',
        'content-disposition',
        'x-export-rows',
        'x-export-truncated',
      ]),
    );
  });
});

describe('local-only endpoints', () => {
  it('GET /health names the database and table', async () => {
    const res = await client.call('GET', '/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      dynamodb: client.runtime.dynamoEndpoint,
      table: client.runtime.tableName,
    });
  });

  it('GET /openapi.json documents every route of lib/routes.ts', async () => {
    const res = await client.call('GET', '/openapi.json');

    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const key of Object.keys(routes)) {
      const [method = '', path = ''] = key.split(' ');
      expect(res.body.paths[path]?.[method.toLowerCase()], key).toBeDefined();
    }
    expect(res.body.servers[0].url).toBe(client.runtime.url);
  });

  it('GET /docs serves the API reference page and its bundled script', async () => {
    const page = await client.call('GET', '/docs');
    const script = await fetch(`${client.runtime.url}/docs/scalar.js`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('/docs/scalar.js');
    expect(page.text).toContain("url: '/openapi.json'");
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  it('GET /local/sms-outbox lists what the SMS sender recorded for a phone, once per message id', async () => {
    const phone = `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const message = { phone, text: '【示例】您好', tenantId: 't-outbox', messageId: 'm-1' };
    await recordOutboxMessage(message);
    const again = await recordOutboxMessage(message);

    const res = await client.call('GET', `/local/sms-outbox?phone=${encodeURIComponent(phone)}`);

    expect(again.recorded).toBe(false);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ phone, text: '【示例】您好', messageId: 'm-1' }),
    ]);
  });

  it('GET /local/sms-outbox refuses a missing phone with 400', async () => {
    const res = await client.call('GET', '/local/sms-outbox');

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'query.phone' });
  });

  it('POST /local/jobs/{name}/run runs a job at the given instant and restores the clock', async () => {
    const res = await client.call('POST', '/local/jobs/clock-probe/run', {
      body: { now: '2030-01-02T03:04:05.000Z' },
    });
    const after = await client.call('POST', '/local/jobs/clock-probe/run', { body: {} });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      job: 'clock-probe',
      now: '2030-01-02T03:04:05.000Z',
      result: {
        sawNow: '2030-01-02T03:04:05.000Z',
        detailType: 'Scheduled Event',
        eventTime: '2030-01-02T03:04:05Z',
      },
    });
    expect(after.body.result.sawNow.startsWith('2030-')).toBe(false);
  });

  it('POST /local/jobs/{name}/run answers 404 unknown_job for a job that does not exist', async () => {
    const res = await client.call('POST', '/local/jobs/no-such-job/run', { body: {} });

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'unknown_job' });
  });

  it('POST /local/jobs/{name}/run rejects an invalid instant', async () => {
    const res = await client.call('POST', '/local/jobs/clock-probe/run', { body: { now: 'tomorrow' } });

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'body.now' });
  });
});

describe('the job timer', () => {
  it('times every rate() job that has a handler and leaves cron jobs to POST /local/jobs/{name}/run', async () => {
    const timed = await startRuntime({ schedules: true });
    try {
      expect(timed.runtime.schedules).toContain('clock-probe: every 1440 min (rate(1 day))');
      for (const line of timed.runtime.schedules.filter((l) => l.includes('cron('))) {
        expect(line).toMatch(/not timed locally; run it with POST \/local\/jobs\/[\w-]+\/run$/);
      }
    } finally {
      await timed.runtime.stop();
    }
  });
});
