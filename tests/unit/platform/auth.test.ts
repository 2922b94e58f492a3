import { describe, expect, it } from 'vitest';

process.env.TABLE_NAME ??= 'unit-test';
const { authenticate, can, requirePermission } = await import('#lib/http/auth.ts');

const rep = {
  tenantId: 't1',
  userId: 'u1',
  userName: '张三',
  roleId: 'r',
  rolePath: '/root/m/r',
  permissions: new Set(['sms.send' as const]),
  isAdmin: false,
};

describe('auth', () => {
  it('grants what the role holds and nothing else', () => {
    expect(can(rep, 'sms.send')).toBe(true);
    expect(can(rep, 'customers.viewAll')).toBe(false);
  });

  it('refuses a missing permission with 403 missing_permission', () => {
    expect(() => requirePermission(rep, 'users.manage')).toThrowError(
      expect.objectContaining({ status: 403, code: 'missing_permission' }),
    );
  });

  it.each([
    ['no authorizer at all', {}],
    [
      'claims without a tenant',
      { requestContext: { authorizer: { jwt: { claims: { 'custom:userId': 'u' } } } } },
    ],
    [
      'empty claims',
      { requestContext: { authorizer: { jwt: { claims: { 'custom:tenantId': '', 'custom:userId': '' } } } } },
    ],
  ])('answers 401 for %s, before touching the database', async (_, event) => {
    await expect(authenticate(event as never)).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });
});
