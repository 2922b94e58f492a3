import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type CryptoKey,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

/**
 * The local stand-in for Cognito and API Gateway's JWT authorizer: signs ES256 tokens carrying the
 * same custom claims Cognito would, and verifies them the way the authorizer does (signature,
 * issuer, audience, expiry) before any handler runs.
 */
export const LOCAL_ISSUER = 'urn:crm:local-issuer';
export const LOCAL_AUDIENCE = 'crm-api';
export const TOKEN_TTL_SECONDS = 12 * 60 * 60;
const ALG = 'ES256';

// Spelled as in lib/http/auth.ts CLAIMS; kept literal so this module loads before the lib config.
const TENANT_CLAIM = 'custom:tenantId';
const USER_CLAIM = 'custom:userId';

export interface Subject {
  tenantId: string;
  userId: string;
}

export type Verified =
  | { ok: true; claims: JWTPayload }
  | { ok: false; code: 'token_expired' | 'invalid_token'; detail: string };

export interface TokenIssuer {
  /** A token for the user; `issuedAt` (epoch seconds) lets tests mint expired tokens. */
  sign(subject: Subject, opts?: { issuedAt?: number; ttlSeconds?: number }): Promise<string>;
  /** A machine client's token, as Cognito's client-credentials grant issues it (client_id, scope). */
  signClient(clientId: string, scopes: readonly string[], opts?: { ttlSeconds?: number }): Promise<string>;
  verify(token: string): Promise<Verified>;
  publicJwk: JWK;
}

interface StoredKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function newKeys(): Promise<StoredKeys> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

function readKeys(file: string): StoredKeys | undefined {
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredKeys>;
    return stored.privateJwk && stored.publicJwk ? (stored as StoredKeys) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An issuer with a fresh key pair, or the pair kept in `keyFile` (created on first use) so tokens
 * printed by one `npm start` still work after a restart against a persistent DynamoDB.
 */
export async function createIssuer(opts: { keyFile?: string } = {}): Promise<TokenIssuer> {
  let keys = opts.keyFile ? readKeys(opts.keyFile) : undefined;
  if (!keys) {
    keys = await newKeys();
    if (opts.keyFile) {
      mkdirSync(dirname(opts.keyFile), { recursive: true });
      writeFileSync(opts.keyFile, JSON.stringify(keys), { mode: 0o600 });
    }
  }
  const kid = 'local-1';
  const privateKey = (await importJWK(keys.privateJwk, ALG)) as CryptoKey;
  const publicKey = (await importJWK(keys.publicJwk, ALG)) as CryptoKey;

  return {
    publicJwk: keys.publicJwk,
    async sign(subject, { issuedAt, ttlSeconds = TOKEN_TTL_SECONDS } = {}) {
      const iat = issuedAt ?? Math.floor(Date.now() / 1000);
      return new SignJWT({
        [TENANT_CLAIM]: subject.tenantId,
        [USER_CLAIM]: subject.userId,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setSubject(subject.userId)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(privateKey);
    },
    async signClient(clientId, scopes, { ttlSeconds = 3600 } = {}) {
      const iat = Math.floor(Date.now() / 1000);
      return new SignJWT({ client_id: clientId, scope: scopes.join(' '), token_use: 'access' })
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setSubject(clientId)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          algorithms: [ALG],
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          requiredClaims: ['exp', 'sub'],
        });
        return { ok: true, claims: payload };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          return { ok: false, code: 'token_expired', detail: 'The token has expired; get a new one.' };
        }
        return { ok: false, code: 'invalid_token', detail: 'The token is not valid for this API.' };
      }
    },
  };
}

/**
 * Claims as API Gateway hands them to a Lambda: every value a string (arrays as `[a b]`), which is
 * what lib/http/auth.ts reads.
 */
export function gatewayClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}
