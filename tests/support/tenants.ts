import { randomUUID } from 'node:crypto';
import type { Auth } from '#lib/http/auth.ts';
import type { Permission } from '#lib/org/permissions.ts';
import { ALL_PERMISSIONS } from '#lib/org/permissions.ts';
import type { Role } from '#lib/org/schemas.ts';
import * as org from '#lib/org/service.ts';
import { provisionTenant } from '#lib/tenants/provision.ts';
import type { Caller } from './api.ts';

export interface TestUser extends Caller {
  name: string;
  roleId: string;
}

/** The auth context of the tenant's administrator, for arranging data through the services. */
export const adminAuth = (tenantId: string, userId: string, rolePath: string): Auth => ({
  tenantId,
  userId,
  userName: 'admin',
  roleId: rolePath.split('/').pop() ?? '',
  rolePath,
  permissions: new Set<Permission>(ALL_PERMISSIONS),
  isAdmin: true,
});

/**
 * A fresh tenant for one test: the default role tree (admin > manager > rep) with an admin, and
 * helpers to add users. Each test gets its own tenant, so tests never see each other's data.
 */
export async function newTenant(name = `测试公司-${randomUUID().slice(0, 8)}`) {
  const { tenant, admin, roles } = await provisionTenant({ name, admin: { name: '管理员' } });
  const auth = adminAuth(tenant.id, admin.id, roles.root.path);
  const addUser = async (userName: string, role: Role): Promise<TestUser> => {
    const user = await org.createUser(auth, { name: userName, roleId: role.id });
    return { tenantId: tenant.id, userId: user.id, name: user.name, roleId: role.id };
  };
  return {
    tenantId: tenant.id,
    roles,
    auth,
    admin: { tenantId: tenant.id, userId: admin.id, name: admin.name, roleId: roles.root.id } as TestUser,
    addUser,
  };
}
