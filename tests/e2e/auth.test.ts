import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssuer } from '#infra/local/tokens.ts';
import { type Client, newTenant, startRuntime } from './runtime.ts';

let client: Client;
beforeAll(async () => {
  client = await startRuntime();
});
afterAll(() => client.runtime.stop());

describe('the local JWT authorizer', () => {
  it('answers 401 problem+json without a token, before any handler runs', async () => {
    const res = await client.call('GET', '/v1/me');

    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized', instance: '/v1/me' });
  });

  it('refuses a token signed with another key', async () => {
    const t = await newTenant(client);
    const forger = await createIssuer();
    const forged = await forger.sign({ tenantId: t.tenantId, userId: t.admin.userId });

    const res = await client.call('GET', '/v1/me', { token: forged });

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'invalid_token' });
  });

  it('refuses an expired token', async () => {
    const t = await newTenant(client);
    const thirteenHoursAgo = Math.floor(Date.now() / 1000) - 13 * 3600;
    const expired = await client.runtime.tokens.sign(
      { tenantId: t.tenantId, userId: t.admin.userId },
      { issuedAt: thirteenHoursAgo },
    );

    const res = await client.call('GET', '/v1/me', { token: expired });

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'token_expired' });
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await client.call('GET', '/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses the token of a user the admin has disabled', async () => {
    const t = await newTenant(client);
    const roles = await client.call('GET', '/v1/roles', { token: t.admin.token });
    const rep = roles.body.items.find((r: { name: string }) => r.name === '销售员');
    const created = await client.call('POST', '/v1/users', {
      token: t.admin.token,
      body: { name: '张三', roleId: rep.id },
    });
    const { token } = (
      await client.call('POST', '/local/token', { body: { tenantId: t.tenantId, userId: created.body.id } })
    ).body;
    expect((await client.call('GET', '/v1/me', { token })).status).toBe(200);

    const disabled = await client.call('PATCH', `/v1/users/${created.body.id}`, {
      token: t.admin.token,
      headers: { 'if-match': created.headers.get('etag') ?? '' },
      body: { disabled: true },
    });
    const res = await client.call('GET', '/v1/me', { token });

    expect(disabled.status).toBe(200);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, code: 'user_disabled' });
  });
});

describe('POST /local/tenants and POST /local/token', () => {
  it('provision a tenant whose admin token works on /v1/me', async () => {
    const t = await newTenant(client, '端到端科技有限公司');

    const me = await client.call('GET', '/v1/me', { token: t.admin.token });

    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: t.admin.userId, name: '管理员' });
    expect(me.body.tenant).toMatchObject({
      id: t.tenantId,
      name: '端到端科技有限公司',
      timezone: 'Asia/Shanghai',
    });
    expect(me.body.permissions).toContain('users.manage');
  });

  it('keep the time zone a tenant is created with', async () => {
    const res = await client.call('POST', '/local/tenants', {
      body: { name: '东京分公司', timezone: 'Asia/Tokyo' },
    });

    const me = await client.call('GET', '/v1/me', { token: res.body.admin.token });

    expect(res.status).toBe(201);
    expect(me.body.tenant.timezone).toBe('Asia/Tokyo');
  });

  it('reject an invalid tenant with field errors', async () => {
    const res = await client.call('POST', '/local/tenants', {
      body: { name: '', timezone: 'Mars/Base', x: 1 },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body',
      'body.name',
      'body.timezone',
    ]);
  });

  it('issue a token that works for an existing user', async () => {
    const t = await newTenant(client);

    const res = await client.call('POST', '/local/token', {
      body: { tenantId: t.tenantId, userId: t.admin.userId },
    });
    const me = await client.call('GET', '/v1/me', { token: res.body.token });

    expect(res.status).toBe(200);
    expect(me.status).toBe(200);
  });

  it("issue no token for an unknown user (404) or another tenant's user (404)", async () => {
    const t = await newTenant(client);
    const other = await newTenant(client);

    const unknown = await client.call('POST', '/local/token', {
      body: { tenantId: t.tenantId, userId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    });
    const crossTenant = await client.call('POST', '/local/token', {
      body: { tenantId: t.tenantId, userId: other.admin.userId },
    });

    expect(unknown.status).toBe(404);
    expect(crossTenant.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });

  it('issue no token for a disabled user (403)', async () => {
    const t = await newTenant(client);
    const roles = await client.call('GET', '/v1/roles', { token: t.admin.token });
    const rep = roles.body.items.find((r: { name: string }) => r.name === '销售员');
    const user = await client.call('POST', '/v1/users', {
      token: t.admin.token,
      body: { name: '李四', roleId: rep.id },
    });
    await client.call('PATCH', `/v1/users/${user.body.id}`, {
      token: t.admin.token,
      headers: { 'if-match': user.headers.get('etag') ?? '' },
      body: { disabled: true },
    });

    const res = await client.call('POST', '/local/token', {
      body: { tenantId: t.tenantId, userId: user.body.id },
    });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'user_disabled' });
  });
});
