import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../db/batch.ts';
import { db, tableName } from '../db/client.ts';
import { stripper } from '../db/items.ts';
import {
  apiClientLoginKey,
  roleKey,
  rolesPrefix,
  settingsKey,
  tenantKey,
  userKey,
  usersBelowKeys,
  usersBelowQuery,
  usersPrefix,
} from '../db/keys.ts';
import { type Page, queryAll, queryPage } from '../db/query.ts';
import { isConditionFailed, type TransactItem, transact } from '../db/write.ts';
import { Conflict, NotFound, PreconditionFailed } from '../http/errors.ts';
import type { Role, User } from './schemas.ts';

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

/** Users and roles without their keys, search text, deletion mark and the tenant's zone copy. */
const strip = stripper(['search', 'deleted', 'tenantTimezone']);

export async function getTenant(tenantId: string): Promise<Tenant | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: tenantKey(tenantId) }));
  return out.Item ? strip<Tenant>(out.Item) : undefined;
}

/** The user and their role in one round trip: what every authenticated request needs. */
/**
 * The user and their role, as authentication needs them. The role item also carries the tenant's
 * time zone (`tenantTimezone`, kept by lib/settings), so the "today" of a to-do list costs no read
 * of the settings; roles written before it was carried have none.
 */
export async function getUserWithRole(
  tenantId: string,
  userId: string,
): Promise<{ user: User & { deleted?: boolean }; role: Role; timezone?: string } | undefined> {
  const table = tableName();
  const user = await db().send(new GetCommand({ TableName: table, Key: userKey(tenantId, userId) }));
  if (!user.Item) return undefined;
  const role = await db().send(
    new GetCommand({ TableName: table, Key: roleKey(tenantId, user.Item.roleId as string) }),
  );
  if (!role.Item) return undefined;
  const timezone = role.Item.tenantTimezone as string | undefined;
  return {
    user: { ...strip<User>(user.Item), deleted: user.Item.deleted === true },
    role: strip<Role>(role.Item),
    ...(timezone ? { timezone } : {}),
  };
}

export async function getRole(tenantId: string, roleId: string): Promise<Role | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: roleKey(tenantId, roleId) }));
  return out.Item ? strip<Role>(out.Item) : undefined;
}

export async function getUser(tenantId: string, userId: string): Promise<User | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: userKey(tenantId, userId) }));
  return out.Item && !out.Item.deleted ? strip<User>(out.Item) : undefined;
}

/** Users by id (for names on lists); unknown or deleted ids are left out. */
export async function getUsers(tenantId: string, userIds: string[]): Promise<User[]> {
  const items = await batchGet([...new Set(userIds)].map((id) => userKey(tenantId, id)));
  return items.filter((item) => !item.deleted).map((item) => strip<User>(item));
}

/** Roles by id, in one round trip. */
export async function getRoles(tenantId: string, roleIds: string[]): Promise<Role[]> {
  const items = await batchGet([...new Set(roleIds)].map((id) => roleKey(tenantId, id)));
  return items.map((item) => strip<Role>(item));
}

export async function listRoles(tenantId: string): Promise<Role[]> {
  const { pk, skPrefix } = rolesPrefix(tenantId);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk, sk: { beginsWith: skPrefix } });
  return items.map((item) => strip<Role>(item));
}

export async function listUsers(
  tenantId: string,
  page: { limit: number; cursor?: string | undefined },
  filter: { includeDisabled: boolean; text?: string | undefined },
): Promise<Page<User>> {
  const { pk, skPrefix } = usersPrefix(tenantId);
  // Residue only: a tenant's users are few, and deleted or disabled ones are rare among them.
  const conditions = ['attribute_not_exists(#deleted)'];
  const names: Record<string, string> = { '#deleted': 'deleted' };
  const values: Record<string, unknown> = {};
  if (!filter.includeDisabled) {
    conditions.push('#disabled = :false');
    names['#disabled'] = 'disabled';
    values[':false'] = false;
  }
  if (filter.text) {
    conditions.push('contains(#search, :text)');
    names['#search'] = 'search';
    values[':text'] = filter.text.toLowerCase();
  }
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    filter: {
      expression: conditions.join(' AND '),
      names,
      ...(Object.keys(values).length ? { values } : {}),
    },
    fingerprint: `users:${filter.includeDisabled}:${filter.text ?? ''}`,
  });
  return { items: result.items.map((item) => strip<User>(item)), nextCursor: result.nextCursor };
}

/** Every active user whose role lies strictly below `rolePath`: one Query on usersBelow. */
export async function listUsersBelow(tenantId: string, rolePath: string): Promise<User[]> {
  const { pk, skPrefix } = usersBelowQuery(tenantId, rolePath);
  const items = await queryAll<Record<string, unknown>>({
    tenantId,
    index: 'usersBelow',
    pk,
    sk: { beginsWith: skPrefix },
  });
  return items.map((item) => strip<User>(item));
}

/** Every active user whose role is `rolePath` or lies below it (a team, its head role included). */
export async function listUsersInSubtree(tenantId: string, rolePath: string): Promise<User[]> {
  // Role ids have a fixed length, so the bare path matches only the role itself (`<path>|user`) and its descendants (`<path>/...`).
  const { pk } = usersBelowQuery(tenantId, rolePath);
  const items = await queryAll<Record<string, unknown>>({
    tenantId,
    index: 'usersBelow',
    pk,
    sk: { beginsWith: rolePath },
  });
  return items.map((item) => strip<User>(item));
}

// ---- writes ------------------------------------------------------------------------------------

const put = (item: Record<string, unknown>, condition = 'attribute_not_exists(pk)'): TransactItem => ({
  Put: { TableName: tableName(), Item: item, ConditionExpression: condition },
});

/** A new role item; it carries the tenant's time zone for authentication (see getUserWithRole). */
const roleItem = (tenantId: string, role: Role, timezone: string) => ({
  ...roleKey(tenantId, role.id),
  type: 'role',
  ...role,
  tenantTimezone: timezone,
});

/**
 * A role is created under the time zone it copies: the settings must still hold it, and the
 * settings' `roleStamp` moves, so a time-zone change that listed the roles before this one was
 * written fails its condition and lists them again (lib/settings/repository.ts).
 */
const stampRoles = (tenantId: string, timezone: string): TransactItem => ({
  Update: {
    TableName: tableName(),
    Key: settingsKey(tenantId),
    UpdateExpression: 'ADD roleStamp :one',
    ConditionExpression: '#tz = :tz',
    ExpressionAttributeNames: { '#tz': 'timezone' },
    ExpressionAttributeValues: { ':one': 1, ':tz': timezone },
  },
});

/** Sets the fields of a role item at the version read (412 otherwise), leaving the others as they are. */
async function updateRoleFields(
  tenantId: string,
  roleId: string,
  fields: Record<string, unknown>,
  expectedVersion: number,
): Promise<void> {
  const names = Object.fromEntries(Object.keys(fields).map((f) => [`#${f}`, f]));
  const values = Object.fromEntries(Object.entries(fields).map(([f, v]) => [`:${f}`, v]));
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: roleKey(tenantId, roleId),
        UpdateExpression: `SET ${Object.keys(fields)
          .map((f) => `#${f} = :${f}`)
          .join(', ')}`,
        ConditionExpression: '#v = :expected',
        ExpressionAttributeNames: { ...names, '#v': 'version' },
        ExpressionAttributeValues: { ...values, ':expected': expectedVersion },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new PreconditionFailed();
    throw error;
  }
}

export const userItem = (tenantId: string, user: User, search: string) => ({
  ...userKey(tenantId, user.id),
  type: 'user',
  ...user,
  search,
  // Disabled users stay below their superiors: the customers they still own do too.
  ...usersBelowKeys(tenantId, user.rolePath, user.id),
});

const countDelta = (
  tenantId: string,
  roleId: string,
  field: 'memberCount' | 'childCount',
  by: number,
): TransactItem => ({
  Update: {
    TableName: tableName(),
    Key: roleKey(tenantId, roleId),
    UpdateExpression: 'ADD #count :by',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#count': field },
    ExpressionAttributeValues: { ':by': by },
  },
});

/** A tenant with its root role and first administrator, all or nothing. */
export async function createTenantRecords(
  tenant: Tenant,
  roles: Role[],
  admin: User,
  adminSearch: string,
  extra: Record<string, unknown>[],
  timezone: string,
): Promise<void> {
  await transact(
    [
      put({ ...tenantKey(tenant.id), type: 'tenant', ...tenant }),
      ...roles.map((role) => put(roleItem(tenant.id, role, timezone))),
      put(userItem(tenant.id, admin, adminSearch)),
      ...extra.map((item) => put(item)),
    ],
    () => new Conflict('tenant_exists', 'The tenant exists already.'),
  );
}

export async function createRole(
  tenantId: string,
  role: Role & { parentId: string },
  timezone: string,
): Promise<void> {
  await transact(
    [
      put(roleItem(tenantId, role, timezone)),
      countDelta(tenantId, role.parentId, 'childCount', 1),
      stampRoles(tenantId, timezone),
    ],
    (failed) => {
      if (failed === 1) return new NotFound('parent role');
      if (failed === 2)
        return new Conflict('write_conflict', "The tenant's time zone changed at the same time; retry.");
      return new Conflict('role_exists', 'The role exists already.');
    },
  );
}

export async function updateRole(tenantId: string, role: Role, expectedVersion: number): Promise<void> {
  await updateRoleFields(tenantId, role.id, { name: role.name, version: role.version }, expectedVersion);
}

/** Moves an empty role under a new parent; both parents' child counts move in the same transaction. */
export async function moveRole(
  tenantId: string,
  role: Role,
  fromParentId: string,
  expectedVersion: number,
): Promise<void> {
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: roleKey(tenantId, role.id),
          UpdateExpression: 'SET #name = :name, parentId = :parent, #path = :path, #v = :next',
          ConditionExpression: '#v = :expected AND memberCount = :zero AND childCount = :zero',
          ExpressionAttributeNames: { '#v': 'version', '#name': 'name', '#path': 'path' },
          ExpressionAttributeValues: {
            ':name': role.name,
            ':parent': role.parentId,
            ':path': role.path,
            ':next': role.version,
            ':expected': expectedVersion,
            ':zero': 0,
          },
        },
      },
      countDelta(tenantId, fromParentId, 'childCount', -1),
      countDelta(tenantId, role.parentId as string, 'childCount', 1),
    ],
    (failed) =>
      failed === 0
        ? new Conflict('role_not_empty', 'Only a role without users or sub-roles can move; move them first.')
        : new NotFound('parent role'),
  );
}

/** Deletes a role that has no users and no sub-roles (the counts are the guard, not a read). */
export async function deleteRole(tenantId: string, role: Role): Promise<void> {
  await transact(
    [
      {
        Delete: {
          TableName: tableName(),
          Key: roleKey(tenantId, role.id),
          ConditionExpression: 'memberCount = :zero AND childCount = :zero AND isRoot = :false',
          ExpressionAttributeValues: { ':zero': 0, ':false': false },
        },
      },
      countDelta(tenantId, role.parentId as string, 'childCount', -1),
    ],
    () => new Conflict('role_not_empty', 'The role still has users or sub-roles; move them first.'),
  );
}

export async function createUser(tenantId: string, user: User, search: string): Promise<void> {
  await transact(
    [put(userItem(tenantId, user, search)), countDelta(tenantId, user.roleId, 'memberCount', 1)],
    (failed) =>
      failed === 1 ? new NotFound('role') : new Conflict('user_exists', 'The user exists already.'),
  );
}

/** Replaces a user at the version the caller read; a role change moves the member counts with it. */
export async function updateUser(
  tenantId: string,
  user: User,
  search: string,
  previous: User,
): Promise<void> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: userItem(tenantId, user, search),
        ConditionExpression: '#v = :expected AND attribute_not_exists(deleted)',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':expected': previous.version },
      },
    },
  ];
  if (user.roleId !== previous.roleId) {
    items.push(countDelta(tenantId, previous.roleId, 'memberCount', -1));
    items.push(countDelta(tenantId, user.roleId, 'memberCount', 1));
  }
  await transact(items, (failed) => (failed === 0 ? new PreconditionFailed() : new NotFound('role')));
}

/**
 * Deleting keeps the user's record (their name stays on history and on the customers they still
 * own) but takes them out of every list, refuses their tokens and frees their place in the role.
 */
export async function markUserDeleted(tenantId: string, user: User, at: string): Promise<void> {
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: userKey(tenantId, user.id),
          UpdateExpression:
            'SET deleted = :true, disabled = :true, updatedAt = :at, #v = #v + :one REMOVE usersBelowPk, usersBelowSk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleted)',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':true': true, ':at': at, ':one': 1 },
        },
      },
      countDelta(tenantId, user.roleId, 'memberCount', -1),
    ],
    () => new NotFound('user'),
  );
}

export async function setRolePermissions(
  tenantId: string,
  roleId: string,
  permissions: string[],
): Promise<Role> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: roleKey(tenantId, roleId),
        UpdateExpression: 'SET #permissions = :p, #v = #v + :one',
        ConditionExpression: 'attribute_exists(pk) AND isRoot = :false',
        ExpressionAttributeNames: { '#v': 'version', '#permissions': 'permissions' },
        ExpressionAttributeValues: { ':p': permissions, ':one': 1, ':false': false },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<Role>(out.Attributes ?? {});
  } catch (error) {
    if (isConditionFailed(error)) throw new NotFound('role');
    throw error;
  }
}

// ---- integrations: who is told about webhooks, and the machine principals -----------------------

/** The tenant's administrators (users holding its root role): one Query on usersBelow. */
export async function listAdmins(tenantId: string): Promise<User[]> {
  const root = (await listRoles(tenantId)).find((role) => role.isRoot);
  if (!root) return [];
  const { pk } = usersBelowQuery(tenantId, root.path);
  const items = await queryAll<Record<string, unknown>>({
    tenantId,
    index: 'usersBelow',
    pk,
    sk: { beginsWith: `${root.path}|` },
  });
  return items.map((item) => strip<User>(item));
}

/** An API client as authentication sees it: its tenant, name and permissions (lib/clients writes it). */
export interface ClientPrincipal {
  tenantId: string;
  id: string;
  name: string;
  permissions: string[];
}

/** The API client a machine token names by its OAuth client id; undefined when it was deleted. */
export async function getClientPrincipal(clientId: string): Promise<ClientPrincipal | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: apiClientLoginKey(clientId) }));
  if (!out.Item) return undefined;
  const { tenantId, id, name, permissions } = out.Item as Record<string, unknown>;
  return {
    tenantId: String(tenantId),
    id: String(id),
    name: String(name),
    permissions: (permissions as string[]) ?? [],
  };
}
