import type { Auth } from '../http/auth.ts';
import { isAbove } from '../org/rules.ts';

/**
 * Who stands over whom (the role tree): a superior sees and manages what their subordinates do,
 * an administrator (the root role) everything of the tenant.
 */
export type Viewer = Pick<Auth, 'userId' | 'rolePath' | 'isAdmin'>;

/** Whether the viewer is above one of the given role paths (or administers the tenant). */
export const superiorOf = (viewer: Viewer, ...rolePaths: Array<string | null | undefined>) =>
  viewer.isAdmin || rolePaths.some((path) => typeof path === 'string' && isAbove(viewer.rolePath, path));
