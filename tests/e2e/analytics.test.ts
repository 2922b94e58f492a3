import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, newTenant, startRuntime } from './runtime.ts';

let client: Client;
beforeAll(async () => {
  client = await startRuntime();
});
afterAll(() => client.runtime.stop());

describe('analytics in the local runtime', () => {
  it("counts a customer created over HTTP once the runtime's stream reader has caught up", async () => {
    const t = await newTenant(client);
    const before = await client.call('GET', '/v1/analytics/distribution?by=owner', { token: t.admin.token });
    expect(before.body.total).toBe(0);

    const created = await client.call('POST', '/v1/customers', {
      token: t.admin.token,
      body: { name: '流式统计有限公司' },
    });
    expect(created.status).toBe(201);
    // The reader polls DynamoDB Local's stream every 200 ms; this waits for the pass after the write.
    await client.runtime.streamsCaughtUp();

    const after = await client.call('GET', '/v1/analytics/distribution?by=owner', { token: t.admin.token });
    expect(after.body.items).toEqual([
      expect.objectContaining({ key: t.admin.userId, count: 1, percent: 100 }),
    ]);
    const dashboard = await client.call('GET', '/v1/dashboard', { token: t.admin.token });
    expect(dashboard.body.briefing.newCustomers).toBe(1);
  });
});
