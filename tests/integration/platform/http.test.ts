import { describe, expect, it } from 'vitest';
import { handler as createRole } from '#functions/org/create-role.ts';
import { handler as getMe } from '#functions/org/get-me.ts';
import { handler as listRoles } from '#functions/org/list-roles.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

const countRoles = async (as: { tenantId: string; userId: string }) =>
  (await invoke('GET /v1/roles', listRoles, { as })).body.items.length;

describe('the HTTP stack', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const t = await newTenant();

    const res = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      rawBody: '{"name":',
      headers: { 'content-type': 'application/json' },
    });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_json');
  });

  it('answers a body that is not JSON with 415', async () => {
    const t = await newTenant();

    const res = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(res.status).toBe(415);
  });

  it('rejects query parameters an endpoint does not take', async () => {
    const t = await newTenant();

    const res = await invoke('GET /v1/me', getMe, { as: t.admin, query: { debug: '1' } });

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'query', code: 'unknown_field' });
  });

  it('reports consumed capacity on every response', async () => {
    const t = await newTenant();

    const res = await invoke('GET /v1/roles', listRoles, { as: t.admin });

    expect(res.headers['x-consumed-capacity']).toMatch(/^rcu=[\d.]+;wcu=0;items=\d+$/);
  });
});

describe('Idempotency-Key', () => {
  const body = (t: { roles: { root: { id: string } } }, name = '华南区') => ({
    name,
    parentId: t.roles.root.id,
  });

  it('returns the first response to a retry and writes nothing more', async () => {
    const t = await newTenant();
    const headers = { 'idempotency-key': 'create-role-1' };

    const first = await invoke('POST /v1/roles', createRole, { as: t.admin, body: body(t), headers });
    const retry = await invoke('POST /v1/roles', createRole, { as: t.admin, body: body(t), headers });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await countRoles(t.admin)).toBe(4);
  });

  it('refuses the same key with a different body (422)', async () => {
    const t = await newTenant();
    const headers = { 'idempotency-key': 'k-2' };

    await invoke('POST /v1/roles', createRole, { as: t.admin, body: body(t), headers });
    const other = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: body(t, '华北区'),
      headers,
    });

    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await countRoles(t.admin)).toBe(4);
  });

  it('scopes keys to the user: another user may use the same key', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const headers = { 'idempotency-key': 'shared-key' };

    const a = await invoke('POST /v1/roles', createRole, { as: t.admin, body: body(t), headers });
    const b = await invoke('POST /v1/roles', createRole, { as: other.admin, body: body(other), headers });

    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('runs a request once when many retries race', async () => {
    const t = await newTenant();
    const headers = { 'idempotency-key': 'race-1' };

    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        invoke('POST /v1/roles', createRole, { as: t.admin, body: body(t), headers }),
      ),
    );

    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(results.every((r) => r.status === 201 || r.body.code === 'idempotency_in_progress')).toBe(true);
    expect(await countRoles(t.admin)).toBe(4);
  });

  it('lets a client fix a rejected request and retry with the same key', async () => {
    const t = await newTenant();
    const headers = { 'idempotency-key': 'fix-me' };

    const bad = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: { name: '', parentId: t.roles.root.id },
      headers,
    });
    const fixed = await invoke('POST /v1/roles', createRole, { as: t.admin, body: body(t), headers });

    expect(bad.status).toBe(400);
    expect(fixed.status).toBe(201);
  });

  it('rejects a malformed key', async () => {
    const t = await newTenant();

    const res = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: body(t),
      headers: { 'idempotency-key': 'has spaces' },
    });

    expect(res.status).toBe(400);
    expect(await countRoles(t.admin)).toBe(3);
  });
});
