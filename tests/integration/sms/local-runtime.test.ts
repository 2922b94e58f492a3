import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, newTenant, startRuntime } from '#tests/e2e/runtime.ts';
import { freshMobile } from '../contacts/world.ts';

let client: Client;
beforeAll(async () => {
  client = await startRuntime();
});
afterAll(() => client.runtime.stop());

/** Reads the broadcast until the worker the runtime started in the background has finished. */
async function completed(token: string, id: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await client.call('GET', `/v1/sms/broadcasts/${id}`, { token });
    if (res.body.status === 'completed') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the broadcast did not complete');
}

describe('the local runtime', () => {
  it('answers 202 and runs the broadcast worker in the background; the messages land in the outbox', async () => {
    const t = await newTenant(client);
    const [m1, m2] = [freshMobile(), freshMobile()];
    const customer = await client.call('POST', '/v1/customers', {
      token: t.admin.token,
      body: {
        name: `短信测试${m1}`,
        contacts: [
          { name: '甲', mobile: m1 },
          { name: '乙', mobile: m2 },
        ],
      },
    });
    const contactIds = customer.body.contacts.map((c: { id: string }) => c.id);

    const res = await client.call('POST', '/v1/sms/broadcasts', {
      token: t.admin.token,
      body: { contactIds, text: '本地运行时测试' },
    });

    expect(res.status).toBe(202);
    const done = await completed(t.admin.token, res.body.id);
    expect(done.counts).toMatchObject({ total: 2, sent: 2, pending: 0 });
    const outbox = await client.call('GET', `/local/sms-outbox?phone=${encodeURIComponent(m1)}`);
    expect(outbox.body.items).toEqual([expect.objectContaining({ text: '本地运行时测试', phone: m1 })]);
  });
});
