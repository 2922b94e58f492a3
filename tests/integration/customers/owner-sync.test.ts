import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as updateUser } from '#functions/org/update-user.ts';
import { reassignOwnerRolePath } from '#lib/customers/consumers.ts';
import * as org from '#lib/org/service.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { startOwnerConsumers } from '../streams/world.ts';
import { create, ids, listAll } from './world.ts';

let streams: Awaited<ReturnType<typeof startOwnerConsumers>>;
beforeAll(async () => {
  streams = await startOwnerConsumers();
});
afterAll(() => streams.stop());

describe("a user's role or name changes", () => {
  it("moves the user's customers to the new superiors, bin entries included", async () => {
    const t = await newTenant();
    const branch = await org.createRole(t.auth, {
      name: '二部经理',
      parentId: t.roles.root.id,
      permissions: [],
    });
    const branchRep = await org.createRole(t.auth, {
      name: '二部销售',
      parentId: branch.id,
      permissions: [],
    });
    const oldBoss = await t.addUser('老经理', t.roles.manager);
    const newBoss = await t.addUser('新经理', branch);
    const rep = await t.addUser('张三', t.roles.rep);
    const kept = await create(rep);
    const binned = await create(rep);
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, {
      as: rep,
      params: { id: binned.id },
    });

    const res = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: rep.userId },
      headers: { 'if-match': '"1"' },
      body: { roleId: branchRep.id, name: '张三丰' },
    });

    expect(res.status).toBe(200);
    // The request is done once the user changed; the stream's consumer re-keys the customers.
    await streams.caughtUp();
    expect(ids(await listAll(newBoss, { view: 'subordinates' }))).toEqual([kept.id]);
    expect(await listAll(oldBoss, { view: 'subordinates' })).toEqual([]);
    expect(
      (await invoke('GET /v1/customers/{id}', getCustomer, { as: oldBoss, params: { id: kept.id } })).status,
    ).toBe(404);
    const seen = await invoke('GET /v1/customers/{id}', getCustomer, {
      as: newBoss,
      params: { id: binned.id },
    });
    expect(seen.body).toMatchObject({ state: 'recycled', ownerName: '张三丰' });
    expect(ids(await listAll(rep, { view: 'mine' }))).toEqual([kept.id]);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    await create(rep);

    const stamp = { rolePath: t.roles.manager.path, name: '张三' };

    const from = [t.roles.rep.path, stamp.rolePath];
    const first = await reassignOwnerRolePath(t.tenantId, rep.userId, stamp, from);
    const second = await reassignOwnerRolePath(t.tenantId, rep.userId, stamp, from);

    expect([first, second]).toEqual([1, 0]);
  });
});
