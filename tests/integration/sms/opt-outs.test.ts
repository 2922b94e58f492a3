import { describe, expect, it } from 'vitest';
import { handler as addOptOut } from '#functions/sms/add-opt-out.ts';
import { handler as listOptOuts } from '#functions/sms/list-opt-outs.ts';
import { handler as removeOptOut } from '#functions/sms/remove-opt-out.ts';
import * as org from '#lib/org/service.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { freshMobile } from '../contacts/world.ts';

const add = (as: Caller, phone: string, headers?: Record<string, string>) =>
  invoke('POST /v1/sms/opt-outs', addOptOut, { as, body: { phone }, ...(headers ? { headers } : {}) });
const remove = (as: Caller, phone: string) =>
  invoke('DELETE /v1/sms/opt-outs', removeOptOut, { as, body: { phone } });
const list = (as: Caller, query: Record<string, string> = {}) =>
  invoke('GET /v1/sms/opt-outs', listOptOuts, { as, query });

async function company() {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const role = await org.createRole(t.auth, { name: '客服', parentId: t.roles.manager.id, permissions: [] });
  const clerk = await t.addUser('客服小王', role);
  return { t, rep, clerk };
}

describe('SMS opt-outs', () => {
  it('stores the number in E.164 (201), keeps the first on a repeat (200) and lists it', async () => {
    const { rep } = await company();
    const phone = freshMobile();
    const local = phone.slice(3);

    const first = await add(rep, local);
    const repeat = await add(rep, phone);

    expect(first.status).toBe(201);
    expect(first.body).toEqual({ phone, createdAt: expect.any(String), createdBy: rep.userId });
    expect(repeat.status).toBe(200);
    expect(repeat.body.createdBy).toBe(rep.userId);
    expect((await list(rep)).body.items.map((o: { phone: string }) => o.phone)).toEqual([phone]);
  });

  it('answers 403 to a user without sms.send, who would block the number for the whole tenant', async () => {
    const { rep, clerk } = await company();
    const phone = freshMobile();

    const res = await add(clerk, phone);

    expect([res.status, res.body.code]).toEqual([403, 'missing_permission']);
    expect((await list(rep)).body.items).toEqual([]);
  });

  it('answers 400 for a number that is not valid, storing nothing', async () => {
    const { rep } = await company();

    const res = await add(rep, '12345');

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'body.phone', code: 'invalid_phone', message: expect.any(String) },
    ]);
    expect((await list(rep)).body.items).toEqual([]);
  });

  it('ends with one opt-out when the same number is added many times at once', async () => {
    const { rep } = await company();
    const phone = freshMobile();

    const results = await Promise.all(Array.from({ length: 6 }, () => add(rep, phone)));

    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect((await list(rep)).body.items).toHaveLength(1);
  });

  it('removes an opt-out (204), then answers 404', async () => {
    const { rep } = await company();
    const phone = freshMobile();
    await add(rep, phone);

    const res = await remove(rep, phone);

    expect(res.status).toBe(204);
    expect((await remove(rep, phone)).status).toBe(404);
    expect((await list(rep)).body.items).toEqual([]);
  });

  it('needs sms.send to list or remove opt-outs (403)', async () => {
    const { rep, clerk } = await company();
    const phone = freshMobile();
    await add(rep, phone);

    expect((await list(clerk)).status).toBe(403);
    expect((await remove(clerk, phone)).status).toBe(403);
    expect((await list(rep)).body.items).toHaveLength(1);
  });

  it("keeps tenants apart: another tenant neither sees nor removes this tenant's opt-out", async () => {
    const { rep } = await company();
    const other = await newTenant();
    const phone = freshMobile();
    await add(rep, phone);

    expect((await list(other.admin)).body.items).toEqual([]);
    expect((await remove(other.admin, phone)).status).toBe(404);
    expect((await list(rep)).body.items).toHaveLength(1);
  });

  it('pages the list with a cursor bound to the tenant', async () => {
    const { rep } = await company();
    const other = await newTenant();
    for (const phone of [freshMobile(), freshMobile(), freshMobile()]) await add(rep, phone);

    const first = await list(rep, { limit: '2' });
    const stolen = await list(other.admin, { limit: '2', cursor: first.body.nextCursor });
    const second = await list(rep, { limit: '2', cursor: first.body.nextCursor });

    expect(first.body.items).toHaveLength(2);
    expect(stolen.status).toBe(400);
    expect(second.body.items).toHaveLength(1);
  });
});
