import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ALL_PERMISSIONS, MACHINE_READS, type Permission, RESOURCE_SERVER } from '../org/permissions.ts';
import { getClientPrincipal, getUserWithRole } from '../org/repository.ts';
import { CLAIMS } from './claims.ts';
import { Forbidden, Unauthorized } from './errors.ts';

export { CLAIMS };

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
  /** An API client (a service principal), not a person: it may call only what its permissions grant. */
  client?: true;
}

export const can = (auth: Auth, permission: Permission) => auth.permissions.has(permission);

export function requirePermission(auth: Auth, permission: Permission): void {
  if (!can(auth, permission))
    throw new Forbidden(`This needs the permission "${permission}".`, 'missing_permission');
}

/**
 * The verified token's claims: a JWT authorizer's (an external issuer, the local server), or what
 * the Lambda authorizer of a Cognito pool passed on (lib/http/authorizer.ts).
 */
export function claimsOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Record<string, unknown> {
  const authorizer = event.requestContext?.authorizer as
    | { jwt?: { claims?: Record<string, unknown> }; lambda?: Record<string, unknown> }
    | undefined;
  return authorizer?.jwt?.claims ?? authorizer?.lambda ?? {};
}

/**
 * API Gateway has verified the token's signature and expiry already; here we take the tenant and
 * user from its claims and load the user as they are now, so a disabled user is refused at once.
 */
export async function authenticate(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Auth> {
  const claims = claimsOf(event);
  if (typeof claims.client_id === 'string' && claims[CLAIMS.userId] === undefined) return machine(claims);
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

/** Scopes of our resource server (`crm/<permission>`): the permissions a machine token asks for. */
const SCOPE_PREFIX = `${RESOURCE_SERVER}/`;

/**
 * A machine token (client-credentials grant): it names its client, whose record gives the tenant
 * and the permissions; the token's scopes can only narrow them. A deleted client is refused at once.
 * The client acts as a service principal: its id stands where a user id would (createdBy, actors).
 */
async function machine(claims: Record<string, unknown>): Promise<Auth> {
  const principal = await getClientPrincipal(String(claims.client_id));
  if (!principal) throw new Unauthorized('This API client does not exist.', 'unknown_client');
  const scopes = new Set(
    String(claims.scope ?? '')
      .replace(/^\[|\]$/g, '')
      .split(/\s+/)
      .filter((s) => s.startsWith(SCOPE_PREFIX))
      .map((s) => s.slice(SCOPE_PREFIX.length)),
  );
  const granted = principal.permissions.filter(
    (p) => scopes.has(p) && ALL_PERMISSIONS.includes(p as Permission),
  );
  return {
    tenantId: principal.tenantId,
    userId: principal.id,
    userName: principal.name,
    roleId: '',
    // Above no one and below no one: a client sees what its permissions show company-wide, and
    // nothing through the role tree.
    rolePath: `/~client/${principal.id}`,
    permissions: new Set(granted as Permission[]),
    isAdmin: false,
    client: true,
  };
}

/**
 * An API client calls a route only when the route names a permission it holds, or is a read its
 * permissions open (MACHINE_READS): a client made to read customers cannot create one, though any
 * user may.
 */
export function requireClientAccess(
  auth: Auth,
  route: { permission?: Permission; tag: string },
  method: string,
) {
  const granted = route.permission
    ? can(auth, route.permission)
    : method === 'GET' && [...auth.permissions].some((p) => MACHINE_READS[p]?.includes(route.tag));
  if (!granted)
    throw new Forbidden('This API client has no permission for this operation.', 'client_not_permitted');
}
