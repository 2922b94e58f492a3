import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, newTenant, startRuntime } from './runtime.ts';

let client: Client;
beforeAll(async () => {
  client = await startRuntime();
});
afterAll(() => client.runtime.stop());

/** A machine client of a fresh tenant and its token from the local client-credentials endpoint. */
async function machine(permissions: string[]) {
  const t = await newTenant(client);
  const made = await client.call('POST', '/v1/api-clients', {
    token: t.admin.token,
    body: { name: 'ERP 同步', permissions },
  });
  expect(made.status).toBe(201);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: made.body.clientId,
    client_secret: made.body.clientSecret,
  });
  const issued = await fetch(`${client.runtime.url}/local/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  expect(issued.status).toBe(200);
  const { access_token: token } = (await issued.json()) as { access_token: string };
  return { t, made: made.body, token };
}

describe('machine clients', () => {
  it('with customers.viewAll only, reads every customer and gets 403 elsewhere', async () => {
    const { t, made, token } = await machine(['customers.viewAll']);
    const mine = await client.call('POST', '/v1/customers', {
      token: t.admin.token,
      body: { name: '机器可见客户' },
    });
    expect(mine.status).toBe(201);

    const listed = await client.call('GET', '/v1/customers?view=company', { token });
    const one = await client.call('GET', `/v1/customers/${mine.body.id}`, { token });
    const write = await client.call('POST', '/v1/customers', { token, body: { name: '机器新建' } });
    const hooks = await client.call('GET', '/v1/webhooks', { token });
    const clients = await client.call('GET', '/v1/api-clients', { token });
    const users = await client.call('POST', '/v1/roles', {
      token,
      body: { name: 'x', parentId: made.id, permissions: [] },
    });

    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(mine.body.id);
    expect(one.status).toBe(200);
    expect([write.status, hooks.status, clients.status, users.status]).toEqual([403, 403, 403, 403]);
  });

  it('shows the client secret once and refuses a wrong one', async () => {
    const { t, made } = await machine(['customers.viewAll']);

    const listed = await client.call('GET', '/v1/api-clients', { token: t.admin.token });
    const wrong = await client.call('POST', '/local/oauth2/token', {
      body: { grant_type: 'client_credentials', client_id: made.clientId, client_secret: 'not-it' },
    });

    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: made.id, permissions: ['customers.viewAll'] }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(made.clientSecret);
    expect(wrong.status).toBe(401);
  });

  it('grants only permissions the creator holds', async () => {
    const t = await newTenant(client);
    const roles = await client.call('GET', '/v1/roles', { token: t.admin.token });
    const root = roles.body.items.find((r: { isRoot: boolean }) => r.isRoot);
    const role = await client.call('POST', '/v1/roles', {
      token: t.admin.token,
      body: { name: '集成员', parentId: root.id, permissions: ['integrations.manage'] },
    });
    expect(role.status).toBe(201);
    const user = await client.call('POST', '/v1/users', {
      token: t.admin.token,
      body: { name: '集成员甲', roleId: role.body.id },
    });
    expect(user.status).toBe(201);
    const token = await client.runtime.tokens.sign({ tenantId: t.tenantId, userId: user.body.id });

    const res = await client.call('POST', '/v1/api-clients', {
      token,
      body: { name: 'BI', permissions: ['customers.viewAll'] },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'body.permissions.0', code: 'permission_not_held' });
  });

  it('stops a deleted client at once, its token still unexpired', async () => {
    const { t, made, token } = await machine(['customers.viewAll']);

    const gone = await client.call('DELETE', `/v1/api-clients/${made.id}`, { token: t.admin.token });
    const after = await client.call('GET', '/v1/customers?view=company', { token });

    expect(gone.status).toBe(204);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unknown_client');
  });
});
