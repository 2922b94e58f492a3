import { ulid } from 'ulid';
import { now } from '../clock.ts';
import type { Auth } from '../http/auth.ts';
import { Forbidden, NotFound, PreconditionFailed, Unprocessable } from '../http/errors.ts';
import { plainSearchText } from '../search-words.ts';
import { getSettings, tenantTimezone } from '../settings/repository.ts';
import { logins } from './logins.ts';
import * as repo from './repository.ts';
import { administers, childPath, ungrantable, wouldCycle } from './rules.ts';
import type { Role, User } from './schemas.ts';

/** The directory's search words; the `user-search` consumer adds the pinyin (lib/org/name-index.ts). */
const userSearch = (u: Pick<User, 'name' | 'phone' | 'email'>) => plainSearchText(u.name, u.phone, u.email);

export async function me(auth: Auth) {
  const [found, tenant, timezone] = await Promise.all([
    repo.getUserWithRole(auth.tenantId, auth.userId),
    repo.getTenant(auth.tenantId),
    tenantTimezone(auth),
  ]);
  if (!found || !tenant) throw new NotFound('user');
  const { deleted: _deleted, ...user } = found.user;
  return {
    user,
    role: found.role,
    permissions: [...auth.permissions],
    tenant: { id: tenant.id, name: tenant.name, timezone },
  };
}

// ---- roles -------------------------------------------------------------------------------------

export const listRoles = (auth: Auth) => repo.listRoles(auth.tenantId);

/** Refuses to act on a role or user outside the caller's delegation (see `administers`). */
function requireAdministers(auth: Auth, rolePath: string): void {
  if (!administers(auth, rolePath))
    throw new Forbidden('You may manage only the roles and users below your own role.', 'outside_delegation');
}

function requireGrantable(auth: Auth, before: readonly string[], after: readonly string[]): void {
  const missing = ungrantable(auth, before, after);
  if (missing.length > 0)
    throw new Forbidden(
      `You cannot grant permissions you do not hold: ${missing.join(', ')}.`,
      'not_grantable',
    );
}

async function roleOrNotFound(tenantId: string, roleId: string, what = 'role'): Promise<Role> {
  const role = await repo.getRole(tenantId, roleId);
  if (!role) throw new NotFound(what);
  return role;
}

export async function createRole(
  auth: Auth,
  input: { name: string; parentId: string; permissions: string[] },
) {
  const [parent, settings] = await Promise.all([
    roleOrNotFound(auth.tenantId, input.parentId, 'parent role'),
    getSettings(auth.tenantId),
  ]);
  const id = ulid();
  const path = childPath(parent.path, id);
  const permissions = [...new Set(input.permissions)];
  requireAdministers(auth, path);
  requireGrantable(auth, [], permissions);
  const role: Role & { parentId: string } = {
    id,
    name: input.name,
    parentId: parent.id,
    path,
    permissions,
    isRoot: false,
    memberCount: 0,
    childCount: 0,
    version: 1,
  };
  await repo.createRole(auth.tenantId, role, settings.timezone);
  return role;
}

export async function updateRole(
  auth: Auth,
  roleId: string,
  expected: number,
  patch: { name?: string | undefined; parentId?: string | undefined },
) {
  const role = await roleOrNotFound(auth.tenantId, roleId);
  requireAdministers(auth, role.path);
  if (role.version !== expected) throw new PreconditionFailed();
  if (role.isRoot && patch.parentId) throw new Unprocessable('root_role_fixed', 'The root role cannot move.');
  const next: Role = { ...role, ...(patch.name ? { name: patch.name } : {}), version: role.version + 1 };
  if (patch.parentId && patch.parentId !== role.parentId) {
    const parent = await roleOrNotFound(auth.tenantId, patch.parentId, 'parent role');
    if (wouldCycle(role, parent)) throw new Unprocessable('role_cycle', 'A role cannot move below itself.');
    next.parentId = parent.id;
    next.path = childPath(parent.path, role.id);
    requireAdministers(auth, next.path);
    await repo.moveRole(auth.tenantId, next, role.parentId as string, role.version);
  } else {
    await repo.updateRole(auth.tenantId, next, role.version);
  }
  return next;
}

export async function deleteRole(auth: Auth, roleId: string): Promise<void> {
  const role = await roleOrNotFound(auth.tenantId, roleId);
  if (role.isRoot) throw new Unprocessable('root_role_fixed', 'The root role cannot be deleted.');
  requireAdministers(auth, role.path);
  await repo.deleteRole(auth.tenantId, role);
}

export async function setRolePermissions(auth: Auth, roleId: string, permissions: string[]) {
  const role = await roleOrNotFound(auth.tenantId, roleId);
  if (role.isRoot) throw new Unprocessable('root_role_fixed', 'The root role always holds every permission.');
  requireAdministers(auth, role.path);
  const next = [...new Set(permissions)];
  requireGrantable(auth, role.permissions, next);
  return repo.setRolePermissions(auth.tenantId, roleId, next);
}

// ---- users -------------------------------------------------------------------------------------

export async function createUser(
  auth: Auth,
  input: { name: string; phone?: string | undefined; email?: string | undefined; roleId: string },
) {
  const role = await roleOrNotFound(auth.tenantId, input.roleId);
  requireAdministers(auth, role.path);
  const at = now().toISOString();
  const user: User = {
    id: ulid(),
    name: input.name,
    phone: input.phone ?? null,
    email: input.email ?? null,
    roleId: role.id,
    rolePath: role.path,
    disabled: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await repo.createUser(auth.tenantId, user, userSearch(user));
  const login = { tenantId: auth.tenantId, userId: user.id, email: user.email };
  try {
    await logins().create(login);
  } catch (error) {
    // A user who cannot sign in must not hold a seat in the role.
    await repo.markUserDeleted(auth.tenantId, user, now().toISOString());
    throw error;
  }
  return user;
}

export const listUsers = (
  auth: Auth,
  query: { limit: number; cursor?: string | undefined; includeDisabled: boolean },
) => repo.listUsers(auth.tenantId, query, { includeDisabled: query.includeDisabled });

export async function getUser(auth: Auth, userId: string) {
  const user = await repo.getUser(auth.tenantId, userId);
  if (!user) throw new NotFound('user');
  return user;
}

export async function updateUser(
  auth: Auth,
  userId: string,
  expected: number,
  patch: {
    name?: string | undefined;
    phone?: string | null | undefined;
    email?: string | null | undefined;
    roleId?: string | undefined;
    disabled?: boolean | undefined;
  },
) {
  const user = await getUser(auth, userId);
  requireAdministers(auth, user.rolePath);
  if (user.version !== expected) throw new PreconditionFailed();
  if (userId === auth.userId && (patch.disabled || (patch.roleId && patch.roleId !== user.roleId))) {
    throw new Forbidden('You cannot disable yourself or change your own role.', 'self_lockout');
  }
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next: User = { ...user, ...changes, updatedAt: now().toISOString(), version: user.version + 1 };
  if (patch.roleId && patch.roleId !== user.roleId) {
    next.rolePath = (await roleOrNotFound(auth.tenantId, patch.roleId)).path;
    requireAdministers(auth, next.rolePath);
  }
  // The login learns the new address first (Cognito verifies it); a refused address changes nothing.
  if (next.email !== user.email) {
    await logins().changeEmail({ tenantId: auth.tenantId, userId, email: user.email }, next.email);
  }
  await repo.updateUser(auth.tenantId, next, userSearch(next), user);
  if (next.disabled !== user.disabled) {
    await logins().setEnabled({ tenantId: auth.tenantId, userId, email: user.email }, !next.disabled);
  }
  // Superiors see a rep's customers and deals by the owner's role path stored on each of them: a
  // new role path or name reaches them from the table's stream (the user item's change), in
  // consumers of their own contexts (lib/jobs.ts `customer-owner-sync`, `deal-owner-sync`).
  return next;
}

export async function deleteUser(auth: Auth, userId: string): Promise<void> {
  if (userId === auth.userId) throw new Forbidden('You cannot delete yourself.', 'self_lockout');
  const user = await getUser(auth, userId);
  requireAdministers(auth, user.rolePath);
  await repo.markUserDeleted(auth.tenantId, user, now().toISOString());
  await logins().remove({ tenantId: auth.tenantId, userId, email: user.email });
}

/** The colleagues' address book: enabled users with their role names. */
export async function directory(
  auth: Auth,
  query: { limit: number; cursor?: string | undefined; q?: string | undefined },
) {
  const page = await repo.listUsers(auth.tenantId, query, { includeDisabled: false, text: query.q });
  // Only the roles on this page: the role tree of a large company would cost more than the page.
  const roles = await repo.getRoles(
    auth.tenantId,
    page.items.map((u) => u.roleId),
  );
  // A colleague card names the role above theirs (上级): the parents not on the page yet, one BatchGet.
  const known = new Set(roles.map((r) => r.id));
  const parentIds = roles.map((r) => r.parentId).filter((id): id is string => id !== null && !known.has(id));
  const parents = parentIds.length ? await repo.getRoles(auth.tenantId, parentIds) : [];
  const byId = new Map([...roles, ...parents].map((r) => [r.id, r]));
  return {
    items: page.items.map((u) => {
      const role = byId.get(u.roleId);
      const superior = role?.parentId ? byId.get(role.parentId) : undefined;
      return {
        id: u.id,
        name: u.name,
        phone: u.phone,
        email: u.email,
        roleId: u.roleId,
        roleName: role?.name ?? '',
        superiorRoleId: superior?.id ?? null,
        superiorRoleName: superior?.name ?? null,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
