import { describe, expect, it } from 'vitest';
import { handler as getMe } from '#functions/org/get-me.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

describe('GET /v1/me', () => {
  it('returns the caller with role, permissions and tenant', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await invoke('GET /v1/me', getMe, { as: rep });

    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: rep.userId, name: '张三', roleId: t.roles.rep.id });
    expect(res.body.permissions).toEqual(['sms.send']);
    expect(res.body.tenant).toMatchObject({ id: t.tenantId, timezone: 'Asia/Shanghai' });
  });

  it('refuses a request without claims with 401 problem+json', async () => {
    const res = await invoke('GET /v1/me', getMe, { as: null });

    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});
