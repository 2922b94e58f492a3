import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { RESOURCE_SERVER } from '../org/permissions.ts';
import { CLAIMS } from './claims.ts';

/**
 * API Gateway's Lambda authorizer for a Cognito user pool (infra/aws/stateless-stack.ts). A JWT
 * authorizer cannot serve machine clients: a client-credentials token carries no `aud`, so API
 * Gateway matches its `client_id` against the audience list, and every API client is an app
 * client created at run time (lib/clients). Cognito lets no trigger set `aud` or `client_id` to
 * anything else (pre token generation: "aud must match the app client ID"). So this checks what the
 * JWT authorizer did (signature, issuer, expiry, audience) for people, and for machines any app
 * client of the pool whose token holds a scope of our resource server; lib/http/auth.ts then loads
 * the client's record, so a client deleted here is refused there.
 */

/** What the authorizer passes on (`requestContext.authorizer.lambda`): the claims auth.ts reads. */
export type AuthorizerClaims = Partial<Record<typeof CLAIMS.tenantId | typeof CLAIMS.userId, string>> & {
  client_id?: string;
  scope?: string;
};

export interface TrustedPool {
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>` */
  issuer: string;
  /** The web client: its ID tokens (aud) and access tokens (client_id) are people's. */
  webClientId: string;
}

const SCOPE_PREFIX = `${RESOURCE_SERVER}/`;

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** The claims a verified token may pass on, or undefined when the token is not for this API. */
export function acceptedClaims(payload: JWTPayload, pool: TrustedPool): AuthorizerClaims | undefined {
  const clientId = text(payload.client_id);
  const scope = text(payload.scope);
  const person =
    (payload.token_use === 'id' && payload.aud === pool.webClientId) ||
    (payload.token_use === 'access' && clientId === pool.webClientId);
  const machine =
    payload.token_use === 'access' &&
    clientId !== undefined &&
    clientId !== pool.webClientId &&
    (scope ?? '').split(/\s+/).some((s) => s.startsWith(SCOPE_PREFIX));
  if (!person && !machine) return undefined;
  const claims: AuthorizerClaims = {};
  const tenantId = text(payload[CLAIMS.tenantId]);
  const userId = text(payload[CLAIMS.userId]);
  if (tenantId) claims[CLAIMS.tenantId] = tenantId;
  if (userId) claims[CLAIMS.userId] = userId;
  if (clientId) claims.client_id = clientId;
  if (scope) claims.scope = scope;
  return claims;
}

/**
 * Verifies a bearer token against the pool's keys (fetched once per container, refreshed by jose
 * when a new key id appears) and returns the claims to pass on, or undefined.
 */
export function poolVerifier(
  pool: TrustedPool,
  keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(`${pool.issuer}/.well-known/jwks.json`)),
) {
  return async (authorization: string | undefined): Promise<AuthorizerClaims | undefined> => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: pool.issuer, algorithms: ['RS256'] });
      return acceptedClaims(payload, pool);
    } catch {
      return undefined;
    }
  };
}
