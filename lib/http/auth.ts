import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ALL_PERMISSIONS, type Permission } from '../org/permissions.ts';
import { getUserWithRole } from '../org/repository.ts';
import { Forbidden, Unauthorized } from './errors.ts';

/** The claims our tokens carry (Cognito custom attributes; the local issuer signs the same). */
export const CLAIMS = { tenantId: 'custom:tenantId', userId: 'custom:userId' } as const;

/** Who is calling: built once per request from the verified token and the user's current record. */
export interface Auth {
  tenantId: string;
  userId: string;
  userName: string;
  roleId: string;
  /** The caller's role path: users below it are the caller's subordinates. */
  rolePath: string;
  permissions: ReadonlySet<Permission>;
  /** The tenant's root role: holds every permission. */
  isAdmin: boolean;
  /**
   * The tenant's time zone, carried by the caller's role item (no read of the settings); absent on
   * roles written before it was carried: `tenantTimezone` in lib/settings reads the settings then.
   */
  timezone?: string;
}

export const can = (auth: Auth, permission: Permission) => auth.permissions.has(permission);

export function requirePermission(auth: Auth, permission: Permission): void {
  if (!can(auth, permission))
    throw new Forbidden(`This needs the permission "${permission}".`, 'missing_permission');
}

/**
 * API Gateway has verified the token's signature and expiry already; here we take the tenant and
 * user from its claims and load the user as they are now, so a disabled user is refused at once.
 */
export async function authenticate(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Auth> {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const tenantId = claims[CLAIMS.tenantId];
  const userId = claims[CLAIMS.userId];
  if (typeof tenantId !== 'string' || typeof userId !== 'string' || !tenantId || !userId) {
    throw new Unauthorized();
  }
  const found = await getUserWithRole(tenantId, userId);
  if (!found || found.user.deleted) throw new Unauthorized('This account does not exist.', 'unknown_user');
  if (found.user.disabled) throw new Unauthorized('This account is disabled.', 'user_disabled');
  const { user, role, timezone } = found;
  return {
    tenantId,
    userId,
    userName: user.name,
    roleId: role.id,
    rolePath: role.path,
    permissions: new Set(role.isRoot ? ALL_PERMISSIONS : (role.permissions as Permission[])),
    isAdmin: role.isRoot,
    ...(timezone ? { timezone } : {}),
  };
}
