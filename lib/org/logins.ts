import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { config } from '../config.ts';
import { CLAIMS } from '../http/auth.ts';
import { Conflict, Unprocessable } from '../http/errors.ts';
import { traced } from '../tracing.ts';

export interface Login {
  tenantId: string;
  userId: string;
  email: string | null;
}

/**
 * Where people sign in. In AWS that is the Cognito user pool; locally the dev token issuer signs
 * tokens for any enabled user, so there is nothing to keep in step.
 *
 * All tenants share one user pool, so a login is named by the user id (a ULID, unique across every
 * tenant and never changed), never by the e-mail address: the address is a tenant-editable field of
 * the user record, and naming logins by it let one tenant reach (disable, delete) or squat on
 * another tenant's login. The address is only an attribute of the login, where Cognito sends the
 * invitation and password-recovery codes. Before touching an existing login, its immutable tenant
 * and user claims are checked against the user it is supposed to belong to.
 */
export interface Logins {
  create(login: Login): Promise<void>;
  setEnabled(login: Login, enabled: boolean): Promise<void>;
  remove(login: Login): Promise<void>;
  /** Changes where the invitation and recovery codes go; the login keeps its name. */
  changeEmail(login: Login, email: string | null): Promise<void>;
}

interface Sender {
  send(command: unknown): Promise<unknown>;
}

const emailRequired = () =>
  new Unprocessable(
    'email_required',
    'A user who can sign in needs an e-mail address: Cognito sends the invitation and password recovery codes there.',
  );

export function cognitoLogins(client: Sender, userPoolId: string): Logins {
  const ignoreMissing = (error: unknown) => {
    if (!(error instanceof UserNotFoundException)) throw error;
  };
  /** Sends an admin call on a login; one deleted since the check is as good as done. */
  const sendToExisting = async (command: unknown) => {
    try {
      await client.send(command);
    } catch (error) {
      ignoreMissing(error);
    }
  };

  /**
   * Whether the user's login exists, having made sure it is theirs: false when there is none, a
   * 409 `login_mismatch` (and nothing sent) when the login of that name carries another tenant or
   * user. The name and both claims are immutable, so the answer holds for the call that follows.
   */
  const exists = async (login: Login): Promise<boolean> => {
    let found: AdminGetUserCommandOutput;
    try {
      found = (await client.send(
        new AdminGetUserCommand({ UserPoolId: userPoolId, Username: login.userId }),
      )) as AdminGetUserCommandOutput;
    } catch (error) {
      ignoreMissing(error);
      return false;
    }
    const claims = new Map((found.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    if (claims.get(CLAIMS.tenantId) !== login.tenantId || claims.get(CLAIMS.userId) !== login.userId) {
      throw new Conflict(
        'login_mismatch',
        'The sign-in login of this user belongs to someone else; it was left unchanged.',
      );
    }
    return true;
  };

  return {
    async create(login) {
      if (!login.email) throw emailRequired();
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: login.userId,
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: login.email },
            // An administrator typed it in for this person; password recovery needs it verified.
            { Name: 'email_verified', Value: 'true' },
            { Name: CLAIMS.tenantId, Value: login.tenantId },
            { Name: CLAIMS.userId, Value: login.userId },
          ],
        }),
      );
    },
    async setEnabled(login, enabled) {
      if (!(await exists(login))) return;
      const input = { UserPoolId: userPoolId, Username: login.userId };
      await sendToExisting(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
    },
    async remove(login) {
      if (!(await exists(login))) return;
      await sendToExisting(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: login.userId }));
    },
    async changeEmail(login, email) {
      if (!(await exists(login))) return;
      if (!email) throw emailRequired();
      await client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: userPoolId,
          Username: login.userId,
          // Not marked verified: Cognito sends the new address a code and keeps the old one for
          // recovery until it is confirmed (keepOriginal in infra/aws/stateful-stack.ts).
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    },
  };
}

const noLogins: Logins = {
  create: async () => {},
  setEnabled: async () => {},
  remove: async () => {},
  changeEmail: async () => {},
};

let cached: Logins | undefined;

export function logins(): Logins {
  if (!cached) {
    const { RUNTIME, USER_POOL_ID, IDENTITY_PROVIDER } = config();
    // Locally there is no pool; with an external issuer, sign-in is the issuer's.
    if (RUNTIME === 'local' || IDENTITY_PROVIDER === 'oidc') cached = noLogins;
    else if (!USER_POOL_ID) throw new Error('USER_POOL_ID is required to manage logins in AWS');
    else cached = cognitoLogins(traced(new CognitoIdentityProviderClient({})), USER_POOL_ID);
  }
  return cached;
}
