import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.TABLE_NAME ??= 'unit-test';
});
vi.mock('#lib/org/repository.ts', () => ({
  getUserWithRole: async () => undefined,
  getClientPrincipal: async (clientId: string) =>
    clientId === 'cognito-client-1'
      ? {
          tenantId: 't1',
          id: '01JC0000000000000000000000',
          name: 'ERP 同步',
          permissions: ['customers.viewAll', 'sms.send'],
        }
      : undefined,
}));
const { authenticate, requireClientAccess } = await import('#lib/http/auth.ts');

const token = (claims: Record<string, string>) =>
  ({ requestContext: { authorizer: { jwt: { claims } } } }) as never;

describe('machine tokens', () => {
  it('become a service principal named by the client, with the scoped part of its permissions', async () => {
    const auth = await authenticate(
      token({ client_id: 'cognito-client-1', scope: 'crm/customers.viewAll other/x' }),
    );

    expect(auth).toMatchObject({
      tenantId: 't1',
      userId: '01JC0000000000000000000000',
      userName: 'ERP 同步',
      client: true,
    });
    expect([...auth.permissions]).toEqual(['customers.viewAll']);
    expect(auth.isAdmin).toBe(false);
  });

  it('are refused when the client was deleted', async () => {
    await expect(
      authenticate(token({ client_id: 'gone', scope: 'crm/customers.viewAll' })),
    ).rejects.toMatchObject({
      status: 401,
      code: 'unknown_client',
    });
  });

  it('open the routes their permissions name and the reads MACHINE_READS lists, nothing else', async () => {
    const auth = await authenticate(token({ client_id: 'cognito-client-1', scope: 'crm/customers.viewAll' }));

    expect(() => requireClientAccess(auth, { tag: 'Customers' }, 'GET')).not.toThrow();
    expect(() => requireClientAccess(auth, { tag: 'Customers' }, 'POST')).toThrowError(
      expect.objectContaining({ status: 403, code: 'client_not_permitted' }),
    );
    expect(() => requireClientAccess(auth, { tag: 'Sales pipeline' }, 'GET')).toThrow();
    expect(() =>
      requireClientAccess(auth, { tag: 'Contacts and SMS', permission: 'sms.send' }, 'POST'),
    ).toThrow();
  });
});
