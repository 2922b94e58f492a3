import type { Role } from './schemas.ts';

/** Pure decisions about the organisation tree. */

export const childPath = (parentPath: string, roleId: string) => `${parentPath}/${roleId}`;

/** Whether the role at `upperPath` is a strict ancestor of the role at `lowerPath`. */
export const isAbove = (upperPath: string, lowerPath: string) => lowerPath.startsWith(`${upperPath}/`);

/** Moving a role under itself or one of its own descendants would cut the tree. */
export const wouldCycle = (role: Role, newParent: Role) =>
  newParent.id === role.id || isAbove(role.path, newParent.path);
