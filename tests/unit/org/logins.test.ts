import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { cognitoLogins } from '#lib/org/logins.ts';

/** A stand-in for the Cognito client that records what it was asked to send. */
const recorder = (fail?: Error) => {
  const sent: unknown[] = [];
  return {
    sent,
    client: {
      send: async (command: unknown) => {
        sent.push(command);
        if (fail) throw fail;
        return {};
      },
    },
  };
};

const login = { tenantId: 'T1', userId: 'U1', email: 'zhang@example.com' };

describe('Cognito logins', () => {
  it('creates a login named by the e-mail address, with the tenant and user as claims', async () => {
    const { sent, client } = recorder();

    await cognitoLogins(client, 'pool-1').create(login);

    const command = sent[0] as AdminCreateUserCommand;
    expect(command).toBeInstanceOf(AdminCreateUserCommand);
    expect(command.input).toMatchObject({ UserPoolId: 'pool-1', Username: 'zhang@example.com' });
    expect(command.input.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:tenantId', Value: 'T1' },
        { Name: 'custom:userId', Value: 'U1' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );
  });

  it('refuses a user without an e-mail address (422), sending nothing', async () => {
    const { sent, client } = recorder();

    await expect(cognitoLogins(client, 'p').create({ ...login, email: null })).rejects.toMatchObject({
      status: 422,
      code: 'email_required',
    });
    expect(sent).toEqual([]);
  });

  it('disables and enables the login with the user', async () => {
    const { sent, client } = recorder();
    const logins = cognitoLogins(client, 'p');

    await logins.setEnabled(login, false);
    await logins.setEnabled(login, true);

    expect(sent[0]).toBeInstanceOf(AdminDisableUserCommand);
    expect(sent[1]).toBeInstanceOf(AdminEnableUserCommand);
  });

  it('treats a login that is already gone as removed', async () => {
    const { client } = recorder(new UserNotFoundException({ message: 'gone', $metadata: {} }));

    await expect(cognitoLogins(client, 'p').remove(login)).resolves.toBeUndefined();
  });
});
