import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { poolVerifier } from '#lib/http/authorizer.ts';

const ISSUER = 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_Pool';
const WEB_CLIENT = 'web-client-id';
const now = () => Math.floor(Date.now() / 1000);

let sign: (claims: JWTPayload, opts?: { issuer?: string; key?: CryptoKey }) => Promise<string>;
let verify: ReturnType<typeof poolVerifier>;
let strangerKey: CryptoKey;

beforeAll(async () => {
  const pool = await generateKeyPair('RS256');
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pool.publicKey)), kid: 'k1', alg: 'RS256' };
  // The pool's published keys, as createRemoteJWKSet would fetch them.
  verify = poolVerifier({ issuer: ISSUER, webClientId: WEB_CLIENT }, createLocalJWKSet({ keys: [jwk] }));
  sign = (claims, opts = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(opts.issuer ?? ISSUER)
      .setIssuedAt()
      .setExpirationTime(now() + 600)
      .sign(opts.key ?? pool.privateKey);
});

const bearer = (token: string) => `Bearer ${token}`;

describe('the Lambda authorizer of the user pool', () => {
  it("passes on a person's ID token of the web client with its tenant and user", async () => {
    const token = await sign({
      token_use: 'id',
      aud: WEB_CLIENT,
      'custom:tenantId': 't1',
      'custom:userId': 'u1',
      email: 'zhang@example.cn',
    });

    expect(await verify(bearer(token))).toEqual({ 'custom:tenantId': 't1', 'custom:userId': 'u1' });
  });

  it('passes on a machine client’s client-credentials token, which names its client and no audience', async () => {
    const token = await sign({
      token_use: 'access',
      client_id: 'erp-client',
      scope: 'crm/customers.viewAll',
    });

    expect(await verify(bearer(token))).toEqual({ client_id: 'erp-client', scope: 'crm/customers.viewAll' });
  });

  it.each([
    ['an ID token of another app client', { token_use: 'id', aud: 'other-client', 'custom:tenantId': 't1' }],
    [
      'an access token of another client without a scope of ours',
      { token_use: 'access', client_id: 'x', scope: 'openid' },
    ],
    ['a token that is neither an ID nor an access token', { client_id: 'x', scope: 'crm/customers.viewAll' }],
  ])('refuses %s', async (_, claims) => {
    expect(await verify(bearer(await sign(claims)))).toBeUndefined();
  });

  it('refuses a token of another issuer, one signed by another key, an expired one, and no token', async () => {
    const claims = { token_use: 'access', client_id: 'erp', scope: 'crm/customers.viewAll' };
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setExpirationTime(now() - 60)
      .sign(strangerKey);

    expect(await verify(bearer(await sign(claims, { issuer: 'https://evil.example' })))).toBeUndefined();
    expect(await verify(bearer(await sign(claims, { key: strangerKey })))).toBeUndefined();
    expect(await verify(bearer(expired))).toBeUndefined();
    expect(await verify(undefined)).toBeUndefined();
    expect(await verify('Basic abc')).toBeUndefined();
  });
});

describe('authentication behind either authorizer', () => {
  it('reads the claims the Lambda authorizer passed on, as it reads a JWT authorizer’s', async () => {
    process.env.TABLE_NAME ??= 'unit-test';
    const { claimsOf } = await import('#lib/http/auth.ts');
    const claims = { 'custom:tenantId': 't1', 'custom:userId': 'u1' };

    expect(claimsOf({ requestContext: { authorizer: { lambda: claims } } } as never)).toEqual(claims);
    expect(claimsOf({ requestContext: { authorizer: { jwt: { claims } } } } as never)).toEqual(claims);
    expect(claimsOf({} as never)).toEqual({});
  });
});
