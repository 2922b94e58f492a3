import { describe, expect, it } from 'vitest';
import { handler as createRole } from '#functions/org/create-role.ts';
import { handler as createUser } from '#functions/org/create-user.ts';
import { handler as deleteRole } from '#functions/org/delete-role.ts';
import { handler as deleteUser } from '#functions/org/delete-user.ts';
import { handler as listRoles } from '#functions/org/list-roles.ts';
import { handler as setRolePermissions } from '#functions/org/set-role-permissions.ts';
import { handler as updateRole } from '#functions/org/update-role.ts';
import { handler as updateUser } from '#functions/org/update-user.ts';
import * as org from '#lib/org/service.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

/**
 * Delegated administration: a manager holding users.manage (beside the manager's usual
 * permissions) acts only below their own role; the administrator (root role) acts everywhere.
 */
async function company() {
  const t = await newTenant();
  await org.setRolePermissions(t.auth, t.roles.manager.id, [...t.roles.manager.permissions, 'users.manage']);
  const manager = await t.addUser('王经理', t.roles.manager);
  const peerManager = await t.addUser('李经理', t.roles.manager);
  const rep = await t.addUser('张三', t.roles.rep);
  const rolesNow = async () => (await invoke('GET /v1/roles', listRoles, { as: t.admin })).body.items;
  return { ...t, manager, peerManager, rep, rolesNow };
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

describe('delegated user management', () => {
  it.each([
    ['the administrator', 'admin', 201],
    ['a manager holding users.manage', 'manager', 403],
  ] as const)('%s (%s) creating a user in the root role answers %i', async (_, who, status) => {
    const t = await company();

    const res = await invoke('POST /v1/users', createUser, {
      as: t[who],
      body: { name: '新管理员', roleId: t.roles.root.id },
    });

    expect(res.status).toBe(status);
    if (status === 403) expect(res.body.code).toBe('outside_delegation');
  });

  it.each([
    ['below their role', 'rep', 201],
    ['in their own role', 'manager', 403],
  ] as const)('a manager creates a user %s (%s): %i', async (_, role, status) => {
    const t = await company();

    const res = await invoke('POST /v1/users', createUser, {
      as: t.manager,
      body: { name: '赵六', roleId: t.roles[role].id },
    });

    expect(res.status).toBe(status);
  });

  it.each([
    ['the administrator', 'admin', 200],
    ['a manager', 'manager', 403],
  ] as const)("%s (%s) granting the manager's role more permissions answers %i", async (_, who, status) => {
    const t = await company();
    const target = t.roles.manager;

    const res = await invoke('PUT /v1/roles/{id}/permissions', setRolePermissions, {
      as: t[who],
      params: { id: target.id },
      body: { permissions: ['users.manage', 'settings.manage', 'customers.viewAll'] },
    });
    const after = (await t.rolesNow()).find((r: { id: string }) => r.id === target.id);

    expect(res.status).toBe(status);
    if (status === 403) expect(after.permissions).not.toContain('settings.manage');
    else expect(after.permissions).toContain('settings.manage');
  });

  it('a manager grants a role below them only permissions they hold', async () => {
    const t = await company();

    const held = await invoke('PUT /v1/roles/{id}/permissions', setRolePermissions, {
      as: t.manager,
      params: { id: t.roles.rep.id },
      body: { permissions: ['sms.send', 'pool.assign'] },
    });
    const notHeld = await invoke('PUT /v1/roles/{id}/permissions', setRolePermissions, {
      as: t.manager,
      params: { id: t.roles.rep.id },
      body: { permissions: ['sms.send', 'pool.assign', 'settings.manage'] },
    });
    const rep = (await t.rolesNow()).find((r: { id: string }) => r.id === t.roles.rep.id);

    expect(held.status).toBe(200);
    expect(notHeld.status).toBe(403);
    expect(notHeld.body.code).toBe('not_grantable');
    expect(rep.permissions.sort()).toEqual(['pool.assign', 'sms.send']);
  });

  it('a manager creates roles only below their own, with permissions they hold', async () => {
    const t = await company();

    const belowOwn = await invoke('POST /v1/roles', createRole, {
      as: t.manager,
      body: { name: '电销组', parentId: t.roles.manager.id, permissions: ['sms.send'] },
    });
    const belowRoot = await invoke('POST /v1/roles', createRole, {
      as: t.manager,
      body: { name: '财务', parentId: t.roles.root.id, permissions: [] },
    });
    const escalating = await invoke('POST /v1/roles', createRole, {
      as: t.manager,
      body: { name: '影子管理员', parentId: t.roles.manager.id, permissions: ['settings.manage'] },
    });
    const adminBelowRoot = await invoke('POST /v1/roles', createRole, {
      as: t.admin,
      body: { name: '财务', parentId: t.roles.root.id, permissions: ['settings.manage'] },
    });

    expect(belowOwn.status).toBe(201);
    expect(belowRoot.status).toBe(403);
    expect(escalating.status).toBe(403);
    expect(adminBelowRoot.status).toBe(201);
    expect(
      (await t.rolesNow()).map((r: { name: string }) => r.name).filter((n: string) => n === '影子管理员'),
    ).toEqual([]);
  });

  it('a manager neither renames, moves nor deletes their own role or the root role', async () => {
    const t = await company();

    const renameOwn = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.manager,
      params: { id: t.roles.manager.id },
      body: { name: '总监' },
      headers: ifMatch(t.roles.manager.version),
    });
    const renameRoot = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.manager,
      params: { id: t.roles.root.id },
      body: { name: '老板' },
      headers: ifMatch(t.roles.root.version),
    });
    const moveRepUnderRoot = await invoke('PATCH /v1/roles/{id}', updateRole, {
      as: t.manager,
      params: { id: t.roles.rep.id },
      body: { parentId: t.roles.root.id },
      headers: ifMatch(t.roles.rep.version),
    });
    const deleteOwn = await invoke('DELETE /v1/roles/{id}', deleteRole, {
      as: t.manager,
      params: { id: t.roles.manager.id },
    });
    const roles = await t.rolesNow();

    expect([renameOwn.status, renameRoot.status, moveRepUnderRoot.status, deleteOwn.status]).toEqual([
      403, 403, 403, 403,
    ]);
    expect(roles.find((r: { id: string }) => r.id === t.roles.manager.id).name).toBe(t.roles.manager.name);
    expect(roles.find((r: { id: string }) => r.id === t.roles.rep.id).parentId).toBe(t.roles.manager.id);
  });

  it.each([
    ['the administrator', 'admin', 403],
    ['a peer manager', 'peerManager', 403],
    ['a rep below', 'rep', 200],
  ] as const)('a manager disabling %s (%s) answers %i', async (_, target, status) => {
    const t = await company();

    const res = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.manager,
      params: { id: t[target].userId },
      body: { disabled: true },
      headers: ifMatch(1),
    });
    const still = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: t[target].userId },
      body: { name: '核对' },
      headers: ifMatch(status === 200 ? 2 : 1),
    });

    expect(res.status).toBe(status);
    expect(still.body.disabled).toBe(status === 200);
  });

  it('a manager neither promotes a rep into the root role nor deletes the administrator', async () => {
    const t = await company();

    const promote = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.manager,
      params: { id: t.rep.userId },
      body: { roleId: t.roles.root.id },
      headers: ifMatch(1),
    });
    const removeAdmin = await invoke('DELETE /v1/users/{id}', deleteUser, {
      as: t.manager,
      params: { id: t.admin.userId },
    });
    const removeRep = await invoke('DELETE /v1/users/{id}', deleteUser, {
      as: t.manager,
      params: { id: t.rep.userId },
    });

    expect(promote.status).toBe(403);
    expect(removeAdmin.status).toBe(403);
    expect(removeRep.status).toBe(204);
  });

  it('the administrator disables a manager and moves a rep into the root role', async () => {
    const t = await company();

    const disable = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: t.manager.userId },
      body: { disabled: true },
      headers: ifMatch(1),
    });
    const promote = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: t.rep.userId },
      body: { roleId: t.roles.root.id },
      headers: ifMatch(1),
    });

    expect(disable.status).toBe(200);
    expect(promote.status).toBe(200);
  });
});
