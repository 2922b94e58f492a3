import { describe, expect, it } from 'vitest';
import { handler as createRole } from '#functions/org/create-role.ts';
import { handler as createUser } from '#functions/org/create-user.ts';
import { handler as deleteRole } from '#functions/org/delete-role.ts';
import { handler as listRoles } from '#functions/org/list-roles.ts';
import { handler as setPermissions } from '#functions/org/set-role-permissions.ts';
import { handler as updateRole } from '#functions/org/update-role.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

const roleNames = async (as: { tenantId: string; userId: string }) =>
  (await invoke('GET /v1/roles', listRoles, { as })).body.items.map((r: { name: string }) => r.name).sort();

describe('roles', () => {
  it('lists the default tree with paths', async () => {
    const t = await newTenant();

    const res = await invoke('GET /v1/roles', listRoles, { as: t.admin });

    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.items.map((r: { name: string }) => [r.name, r]));
    expect(byName.系统管理员).toMatchObject({ parentId: null, isRoot: true });
    expect(byName.销售经理).toMatchObject({ parentId: byName.系统管理员.id });
    expect(byName.销售员.path).toBe(`${byName.销售经理.path}/${byName.销售员.id}`);
  });

  it('creates a role below a parent, with Location and ETag', async () => {
    const t = await newTenant();

    const res = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: { name: '华东区经理', parentId: t.roles.manager.id, permissions: ['pool.assign'] },
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/roles/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      parentId: t.roles.manager.id,
      path: `${t.roles.manager.path}/${res.body.id}`,
    });
  });

  it('refuses a rep without users.manage (403) and writes nothing', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await invoke('POST /v1/roles', createRole, {
      as: rep,
      body: { name: '偷偷加的', parentId: t.roles.root.id },
    });

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('missing_permission');
    expect(await roleNames(t.admin)).not.toContain('偷偷加的');
  });

  it.each([
    ['an unknown field', { name: 'x', parentId: 'P', extra: 1 }, 'body'],
    ['a missing name', { parentId: 'P' }, 'body.name'],
    [
      'an unknown permission',
      { name: 'x', parentId: 'P', permissions: ['root.everything'] },
      'body.permissions.0',
    ],
  ])('rejects %s with 400 and a field path, writing nothing', async (_, body, path) => {
    const t = await newTenant();
    const before = await roleNames(t.admin);
    const withParent = JSON.parse(JSON.stringify(body).replace('"P"', `"${t.roles.root.id}"`));

    const res = await invoke('POST /v1/roles', createRole, { as: t.admin, body: withParent });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await roleNames(t.admin)).toEqual(before);
  });

  it("answers 404 for a parent of another tenant's", async () => {
    const t = await newTenant();
    const other = await newTenant();

    const res = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: { name: 'x', parentId: other.roles.root.id },
    });

    expect(res.status).toBe(404);
  });

  it('renames with If-Match, 428 without it and 412 when stale', async () => {
    const t = await newTenant();
    const id = t.roles.rep.id;

    const missing = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.admin,
      params: { id },
      body: { name: 'a' },
    });
    const renamed = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.admin,
      params: { id },
      body: { name: '客户经理' },
      headers: { 'if-match': '"1"' },
    });
    const stale = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.admin,
      params: { id },
      body: { name: '又改了' },
      headers: { 'if-match': '"1"' },
    });

    expect(missing.status).toBe(428);
    expect(renamed.status).toBe(200);
    expect(renamed.headers.etag).toBe('"2"');
    expect(stale.status).toBe(412);
    expect(await roleNames(t.admin)).toContain('客户经理');
  });

  it('moves an empty role, refuses to move one with users, and never below itself', async () => {
    const t = await newTenant();
    const created = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: { name: '临时组', parentId: t.roles.manager.id },
    });
    const id = created.body.id;

    const moved = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.admin,
      params: { id },
      body: { parentId: t.roles.root.id },
      headers: { 'if-match': '"1"' },
    });
    const cycle = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.admin,
      params: { id: t.roles.manager.id },
      body: { parentId: t.roles.rep.id },
      headers: { 'if-match': '"1"' },
    });
    await t.addUser('张三', t.roles.rep);
    const busy = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.admin,
      params: { id: t.roles.rep.id },
      body: { parentId: t.roles.root.id },
      headers: { 'if-match': '"1"' },
    });

    expect(moved.status).toBe(200);
    expect(moved.body.path).toBe(`${t.roles.root.path}/${id}`);
    expect(cycle.status).toBe(422);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('role_not_empty');
  });

  it('deletes an empty role, refuses one with users or sub-roles and the root', async () => {
    const t = await newTenant();
    const empty = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: { name: '空', parentId: t.roles.rep.id },
    });

    const withChild = await invoke('DELETE /v1/roles/{id}', deleteRole, {
      as: t.admin,
      params: { id: t.roles.rep.id },
    });
    const root = await invoke('DELETE /v1/roles/{id}', deleteRole, {
      as: t.admin,
      params: { id: t.roles.root.id },
    });
    const ok = await invoke('DELETE /v1/roles/{id}', deleteRole, {
      as: t.admin,
      params: { id: empty.body.id },
    });
    await t.addUser('张三', t.roles.rep);
    const withUser = await invoke('DELETE /v1/roles/{id}', deleteRole, {
      as: t.admin,
      params: { id: t.roles.rep.id },
    });

    expect(withChild.status).toBe(409);
    expect(root.status).toBe(422);
    expect(ok.status).toBe(204);
    expect(withUser.status).toBe(409);
    expect(await roleNames(t.admin)).not.toContain('空');
  });

  it('never both deletes a role and adds a user to it when they race', async () => {
    const t = await newTenant();
    const role = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: { name: '竞争', parentId: t.roles.root.id },
    });
    const id = role.body.id;

    const [deleted, ...added] = await Promise.all([
      invoke('DELETE /v1/roles/{id}', deleteRole, { as: t.admin, params: { id } }),
      ...Array.from({ length: 4 }, (_, i) =>
        invoke('POST /v1/users', createUser, { as: t.admin, body: { name: `员工${i}`, roleId: id } }),
      ),
    ]);

    const addedCount = added.filter((r) => r.status === 201).length;
    if (deleted?.status === 204) {
      expect(addedCount).toBe(0);
      expect(added.every((r) => r.status === 404)).toBe(true);
    } else {
      expect(deleted?.status).toBe(409);
      expect(addedCount).toBeGreaterThan(0);
    }
  });

  it('replaces permissions of a role but never of the root', async () => {
    const t = await newTenant();

    const res = await invoke('PUT /v1/roles/{id}/permissions', setPermissions, {
      as: t.admin,
      params: { id: t.roles.rep.id },
      body: { permissions: ['sms.send', 'pool.assign'] },
    });
    const root = await invoke('PUT /v1/roles/{id}/permissions', setPermissions, {
      as: t.admin,
      params: { id: t.roles.root.id },
      body: { permissions: [] },
    });

    expect(res.status).toBe(200);
    expect(res.body.permissions).toEqual(['sms.send', 'pool.assign']);
    expect(root.status).toBe(422);
  });
});
