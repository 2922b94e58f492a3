import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { config } from '../config.ts';
import { CLAIMS } from '../http/auth.ts';
import { Unprocessable } from '../http/errors.ts';

export interface Login {
  tenantId: string;
  userId: string;
  email: string | null;
}

/**
 * Where people sign in. In AWS that is the Cognito user pool (the e-mail address is the username,
 * the tenant and user ids are fixed claims); locally the dev token issuer signs tokens for any
 * enabled user, so there is nothing to keep in step.
 */
export interface Logins {
  create(login: Login): Promise<void>;
  setEnabled(login: Login, enabled: boolean): Promise<void>;
  remove(login: Login): Promise<void>;
}

interface Sender {
  send(command: unknown): Promise<unknown>;
}

export function cognitoLogins(client: Sender, userPoolId: string): Logins {
  const username = (login: Login) => {
    if (!login.email) {
      throw new Unprocessable(
        'email_required',
        'A user needs an e-mail address to sign in: it is their login.',
      );
    }
    return login.email;
  };
  const ignoreMissing = (error: unknown) => {
    if (!(error instanceof UserNotFoundException)) throw error;
  };
  return {
    async create(login) {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: username(login),
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: username(login) },
            // An administrator typed it in for this person; password recovery needs it verified.
            { Name: 'email_verified', Value: 'true' },
            { Name: CLAIMS.tenantId, Value: login.tenantId },
            { Name: CLAIMS.userId, Value: login.userId },
          ],
        }),
      );
    },
    async setEnabled(login, enabled) {
      if (!login.email) return;
      const input = { UserPoolId: userPoolId, Username: login.email };
      await client
        .send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input))
        .catch(ignoreMissing);
    },
    async remove(login) {
      if (!login.email) return;
      await client
        .send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: login.email }))
        .catch(ignoreMissing);
    },
  };
}

const noLogins: Logins = { create: async () => {}, setEnabled: async () => {}, remove: async () => {} };

let cached: Logins | undefined;

export function logins(): Logins {
  if (!cached) {
    const { RUNTIME, USER_POOL_ID } = config();
    if (RUNTIME === 'local') cached = noLogins;
    else if (!USER_POOL_ID) throw new Error('USER_POOL_ID is required to manage logins in AWS');
    else cached = cognitoLogins(new CognitoIdentityProviderClient({}), USER_POOL_ID);
  }
  return cached;
}
