import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLAIMS } from '#lib/http/auth.ts';
import { cognitoLogins } from '#lib/org/logins.ts';

const cognito = mockClient(CognitoIdentityProviderClient);

beforeEach(() => {
  cognito.reset();
  cognito.onAnyCommand().resolves({});
});

const POOL = 'pool-1';
const login = { tenantId: 'T1', userId: '01HZX3K4M5N6P7Q8R9S0T1V2W3', email: 'zhang@example.com' };
const logins = () => cognitoLogins(new CognitoIdentityProviderClient({ region: 'cn-north-1' }), POOL);

/** What AdminGetUser answers for a login carrying these claims. */
const existing = (tenantId: string, userId: string, email = 'someone@example.com') => ({
  Username: userId,
  Enabled: true,
  UserAttributes: [
    { Name: 'email', Value: email },
    { Name: CLAIMS.tenantId, Value: tenantId },
    { Name: CLAIMS.userId, Value: userId },
  ],
});
const notFound = () => new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });

/** Every command sent to Cognito, in order, by name. */
const sentNames = () => cognito.calls().map((call) => (call.args[0] as object).constructor.name);

/** Every Username sent to Cognito: never an e-mail address. */
const usernames = () =>
  cognito.calls().map((call) => (call.args[0] as { input: { Username?: string } }).input.Username);

/** Nothing but the look-up reached Cognito: no disable, enable, delete or attribute update. */
const noAdminCallSent = () => {
  expect(sentNames().filter((name) => name !== 'AdminGetUserCommand')).toEqual([]);
};

describe('Cognito logins', () => {
  it('creates a login named by the user id, with the e-mail address as an attribute and the tenant and user as claims', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});

    await logins().create(login);

    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(1);
    const input = cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      UserPoolId: POOL,
      Username: login.userId,
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(input?.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'zhang@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:tenantId', Value: 'T1' },
        { Name: 'custom:userId', Value: login.userId },
      ]),
    );
  });

  it('refuses to create a login for a user without an e-mail address (422), sending nothing', async () => {
    await expect(logins().create({ ...login, email: null })).rejects.toMatchObject({
      status: 422,
      code: 'email_required',
    });
    expect(cognito.calls()).toHaveLength(0);
  });

  describe("another tenant's login under the same name", () => {
    // However it got there, a login whose claims name another tenant is never touched.
    it.each([
      ['disabling', (l: ReturnType<typeof logins>) => l.setEnabled(login, false)],
      ['enabling', (l: ReturnType<typeof logins>) => l.setEnabled(login, true)],
      ['deleting', (l: ReturnType<typeof logins>) => l.remove(login)],
      ['changing the e-mail of', (l: ReturnType<typeof logins>) => l.changeEmail(login, 'new@example.com')],
    ])('refuses %s it (409 login_mismatch) and sends no admin call', async (_, act) => {
      cognito.on(AdminGetUserCommand).resolves(existing('T2', login.userId));

      await expect(act(logins())).rejects.toMatchObject({ status: 409, code: 'login_mismatch' });

      expect(cognito.commandCalls(AdminGetUserCommand)[0]?.args[0].input).toEqual({
        UserPoolId: POOL,
        Username: login.userId,
      });
      noAdminCallSent();
      expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
      expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(0);
    });

    it("refuses a login of the same tenant that carries another user's id", async () => {
      cognito.on(AdminGetUserCommand).resolves(existing('T1', '01HZX3K4M5N6P7Q8R9S0T1V2ZZ'));

      await expect(logins().remove(login)).rejects.toMatchObject({ code: 'login_mismatch' });
      await expect(logins().setEnabled(login, false)).rejects.toMatchObject({ code: 'login_mismatch' });

      noAdminCallSent();
    });

    it('refuses a login without claims', async () => {
      cognito.on(AdminGetUserCommand).resolves({ Username: login.userId, UserAttributes: [] });

      await expect(logins().remove(login)).rejects.toMatchObject({ code: 'login_mismatch' });

      noAdminCallSent();
    });
  });

  describe("the user's own login", () => {
    it('disables and enables it by the user id, after checking its claims', async () => {
      cognito.on(AdminGetUserCommand).resolves(existing('T1', login.userId));

      await logins().setEnabled(login, false);
      await logins().setEnabled(login, true);

      expect(sentNames()).toEqual([
        'AdminGetUserCommand',
        'AdminDisableUserCommand',
        'AdminGetUserCommand',
        'AdminEnableUserCommand',
      ]);
      expect(cognito.commandCalls(AdminDisableUserCommand)[0]?.args[0].input).toEqual({
        UserPoolId: POOL,
        Username: login.userId,
      });
      expect(cognito.commandCalls(AdminEnableUserCommand)[0]?.args[0].input).toEqual({
        UserPoolId: POOL,
        Username: login.userId,
      });
    });

    it('deletes it by the user id, after checking its claims', async () => {
      cognito.on(AdminGetUserCommand).resolves(existing('T1', login.userId));

      await logins().remove(login);

      expect(sentNames()).toEqual(['AdminGetUserCommand', 'AdminDeleteUserCommand']);
      expect(cognito.commandCalls(AdminDeleteUserCommand)[0]?.args[0].input).toEqual({
        UserPoolId: POOL,
        Username: login.userId,
      });
    });

    it('changes its e-mail address, unverified, only after checking its claims', async () => {
      cognito.on(AdminGetUserCommand).resolves(existing('T1', login.userId, 'zhang@example.com'));

      await logins().changeEmail(login, 'zhang.san@example.cn');

      expect(sentNames()).toEqual(['AdminGetUserCommand', 'AdminUpdateUserAttributesCommand']);
      expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
        UserPoolId: POOL,
        Username: login.userId,
        // No email_verified: Cognito sends a code to the new address and keeps the old one until then.
        UserAttributes: [{ Name: 'email', Value: 'zhang.san@example.cn' }],
      });
    });

    it('refuses to remove its e-mail address (422), the way to recover the password', async () => {
      cognito.on(AdminGetUserCommand).resolves(existing('T1', login.userId));

      await expect(logins().changeEmail(login, null)).rejects.toMatchObject({
        status: 422,
        code: 'email_required',
      });

      noAdminCallSent();
    });

    it('treats a login deleted between the check and the call as gone', async () => {
      cognito.on(AdminGetUserCommand).resolves(existing('T1', login.userId));
      cognito.on(AdminDeleteUserCommand).rejects(notFound());
      cognito.on(AdminDisableUserCommand).rejects(notFound());

      await expect(logins().remove(login)).resolves.toBeUndefined();
      await expect(logins().setEnabled(login, false)).resolves.toBeUndefined();
    });
  });

  describe('a user without a login', () => {
    it.each([
      ['disabling', (l: ReturnType<typeof logins>) => l.setEnabled(login, false)],
      ['enabling', (l: ReturnType<typeof logins>) => l.setEnabled(login, true)],
      ['deleting', (l: ReturnType<typeof logins>) => l.remove(login)],
      ['changing the e-mail of', (l: ReturnType<typeof logins>) => l.changeEmail(login, 'new@example.com')],
      ['removing the e-mail of', (l: ReturnType<typeof logins>) => l.changeEmail(login, null)],
    ])('treats %s it as done, sending no admin call', async (_, act) => {
      cognito.on(AdminGetUserCommand).rejects(notFound());

      await expect(act(logins())).resolves.toBeUndefined();

      expect(sentNames()).toEqual(['AdminGetUserCommand']);
    });

    it('looks the login up by the user id even when the user has no e-mail address', async () => {
      cognito.on(AdminGetUserCommand).resolves(existing('T1', login.userId));

      await logins().remove({ ...login, email: null });

      expect(cognito.commandCalls(AdminDeleteUserCommand)[0]?.args[0].input.Username).toBe(login.userId);
    });
  });

  it('passes other Cognito errors on, sending nothing after a failed check', async () => {
    cognito.on(AdminGetUserCommand).rejects(new Error('throttled'));

    await expect(logins().remove(login)).rejects.toThrow('throttled');

    noAdminCallSent();
  });

  it("never names a login by the user record's e-mail address", async () => {
    cognito.on(AdminGetUserCommand).resolves(existing('T1', login.userId));
    const l = logins();

    await l.create(login);
    await l.setEnabled(login, false);
    await l.setEnabled(login, true);
    await l.changeEmail(login, 'other@example.com');
    await l.remove(login);

    expect(cognito.calls().length).toBeGreaterThan(0);
    expect(new Set(usernames())).toEqual(new Set([login.userId]));
  });
});
