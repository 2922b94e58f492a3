import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandOutput,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { config } from '../config.ts';
import { RESOURCE_SERVER } from '../org/permissions.ts';
import { traced } from '../tracing.ts';

/**
 * Where machine clients get their tokens. In AWS: a Cognito app client per API client, with the
 * client-credentials grant and the resource server's scopes for its permissions (the resource
 * server, `crm`, is created by CDK with one scope per permission). Locally: the dev token issuer's
 * `POST /local/oauth2/token`, which checks the secret against the hash kept here.
 */

export const scopeOf = (permission: string) => `${RESOURCE_SERVER}/${permission}`;
/** The permission a scope grants, if it is one of ours. */
export const permissionOfScope = (scope: string) =>
  scope.startsWith(`${RESOURCE_SERVER}/`) ? scope.slice(RESOURCE_SERVER.length + 1) : undefined;

export interface Issued {
  clientId: string;
  clientSecret: string;
  /** Kept only locally, where this module is the token endpoint's only check. */
  secretHash?: string;
}

export interface ClientDirectory {
  create(input: { tenantId: string; id: string; name: string; permissions: string[] }): Promise<Issued>;
  remove(clientId: string): Promise<void>;
}

interface Sender {
  send(command: unknown): Promise<unknown>;
}

export function cognitoDirectory(client: Sender, userPoolId: string): ClientDirectory {
  return {
    async create({ tenantId, id, permissions }) {
      const out = (await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          // The name ties the app client to its tenant and API client for whoever reads the pool.
          ClientName: `api-${tenantId}-${id}`,
          GenerateSecret: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: permissions.map(scopeOf),
          AccessTokenValidity: 60,
          TokenValidityUnits: { AccessToken: 'minutes' },
          EnableTokenRevocation: true,
        }),
      )) as CreateUserPoolClientCommandOutput;
      const made = out.UserPoolClient;
      if (!made?.ClientId || !made.ClientSecret) throw new Error('Cognito created no client id and secret');
      return { clientId: made.ClientId, clientSecret: made.ClientSecret };
    },
    async remove(clientId) {
      try {
        await client.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}

const hash = (secret: string, salt: Buffer) => scryptSync(secret, salt, 32);

/** `scrypt$<salt>$<hash>`, base64url. */
function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${hash(secret, salt).toString('base64url')}`;
}

/** Whether a secret is the one a local client was issued (constant-time). */
export function secretMatches(secret: string, stored: string): boolean {
  const [kind, salt, expected] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !expected) return false;
  const want = Buffer.from(expected, 'base64url');
  const got = hash(secret, Buffer.from(salt, 'base64url'));
  return want.length === got.length && timingSafeEqual(want, got);
}

export const localDirectory: ClientDirectory = {
  async create({ id }) {
    const clientSecret = randomBytes(32).toString('base64url');
    return { clientId: id, clientSecret, secretHash: hashSecret(clientSecret) };
  },
  async remove() {},
};

let cached: ClientDirectory | undefined;

export function directory(): ClientDirectory {
  if (!cached) {
    const { RUNTIME, USER_POOL_ID } = config();
    if (RUNTIME === 'local') cached = localDirectory;
    else if (!USER_POOL_ID) throw new Error('USER_POOL_ID is required to manage API clients in AWS');
    else cached = cognitoDirectory(traced(new CognitoIdentityProviderClient({})), USER_POOL_ID);
  }
  return cached;
}
