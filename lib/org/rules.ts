import type { Role } from './schemas.ts';

/** Pure decisions about the organisation tree. */

export const childPath = (parentPath: string, roleId: string) => `${parentPath}/${roleId}`;

/** Whether the role at `upperPath` is a strict ancestor of the role at `lowerPath`. */
export const isAbove = (upperPath: string, lowerPath: string) => lowerPath.startsWith(`${upperPath}/`);

/** Moving a role under itself or one of its own descendants would cut the tree. */
export const wouldCycle = (role: Role, newParent: Role) =>
  newParent.id === role.id || isAbove(role.path, newParent.path);

/** Who administers the organisation: the caller's role and what it holds. */
export interface Administrator {
  rolePath: string;
  isAdmin: boolean;
  permissions: ReadonlySet<string>;
}

/**
 * Delegated administration: the tenant's administrators (root role) act on every role and user; any
 * other holder of users.manage only strictly below their own role, so never on their own role, the
 * root role or a peer's branch, and never puts anyone beside or above themselves.
 */
export const administers = (admin: Administrator, rolePath: string) =>
  admin.isAdmin || isAbove(admin.rolePath, rolePath);

/** The permissions a role would newly receive that the granting administrator does not hold. */
export const ungrantable = (admin: Administrator, before: readonly string[], after: readonly string[]) =>
  admin.isAdmin ? [] : after.filter((p) => !before.includes(p) && !admin.permissions.has(p));
