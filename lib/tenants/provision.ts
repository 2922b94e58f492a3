import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { tenantRegistryKey } from '../db/keys.ts';
import { ALL_PERMISSIONS, type Permission } from '../org/permissions.ts';
import { createTenantRecords, type Tenant } from '../org/repository.ts';
import { childPath } from '../org/rules.ts';
import type { Role, User } from '../org/schemas.ts';
import { defaultPoolItems } from '../ownership/pools.ts';
import { settingsItem } from '../settings/repository.ts';
import { defaultSettings } from '../settings/rules.ts';
import { seedDictionaries } from '../settings/service.ts';
import { searchText } from '../text.ts';

export interface ProvisionInput {
  name: string;
  timezone?: string | undefined;
  admin: { name: string; phone?: string | undefined; email?: string | undefined };
}

export interface Provisioned {
  tenant: Tenant;
  admin: User;
  roles: { root: Role; manager: Role; rep: Role };
}

const MANAGER_PERMISSIONS: Permission[] = [
  'customers.purge',
  'customers.merge',
  'pool.assign',
  'pool.import',
  'analytics.viewAll',
  'sms.send',
];
const REP_PERMISSIONS: Permission[] = ['sms.send'];

const role = (
  id: string,
  name: string,
  parent: Role | null,
  permissions: Permission[],
  childCount: number,
): Role => ({
  id,
  name,
  parentId: parent?.id ?? null,
  path: parent ? childPath(parent.path, id) : `/${id}`,
  permissions,
  isRoot: parent === null,
  memberCount: 0,
  childCount,
  version: 1,
});

/**
 * A new tenant, ready to use: the role tree 系统管理员 > 销售经理 > 销售员 (seed 000 §六: the buyer
 * is the first administrator), its first administrator, default settings and the default public
 * pool, in one transaction.
 */
export async function provisionTenant(input: ProvisionInput): Promise<Provisioned> {
  const at = now().toISOString();
  const tenant: Tenant = { id: ulid(), name: input.name, createdAt: at };
  const root = role(ulid(), '系统管理员', null, ALL_PERMISSIONS, 1);
  const manager = role(ulid(), '销售经理', root, MANAGER_PERMISSIONS, 1);
  const rep = role(ulid(), '销售员', manager, REP_PERMISSIONS, 0);
  root.memberCount = 1;
  const admin: User = {
    id: ulid(),
    name: input.admin.name,
    phone: input.admin.phone ?? null,
    email: input.admin.email ?? null,
    roleId: root.id,
    rolePath: root.path,
    disabled: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const timezone = input.timezone ?? 'Asia/Shanghai';
  await createTenantRecords(
    tenant,
    [root, manager, rep],
    admin,
    searchText(admin.name, admin.phone, admin.email),
    [
      settingsItem(tenant.id, defaultSettings(timezone, at)),
      // The default public pool (公海), which every user belongs to through the root role.
      ...defaultPoolItems(tenant.id, root.id, at),
      // The registry entry the tenant-by-tenant jobs (date reminders) find it by.
      { ...tenantRegistryKey(tenant.id), type: 'tenantRegistry', tenantId: tenant.id, createdAt: at },
    ],
    timezone,
  );
  // Too many items for one transaction: written after it, by a seeding that can be re-run for the tenant.
  await seedDictionaries(tenant.id);
  return { tenant, admin, roles: { root, manager, rep } };
}
