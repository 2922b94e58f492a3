import { afterEach, describe, expect, it, vi } from 'vitest';
import { ownerChanged as customerOwnerChanged } from '#functions/customers/owner-changed.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as updateUser } from '#functions/org/update-user.ts';
import { customerTransferred } from '#functions/pipeline/customer-transferred.ts';
import { ownerChanged as dealOwnerChanged } from '#functions/pipeline/owner-changed.ts';
import * as customers from '#lib/customers/repository.ts';
import { customerChildPrefix } from '#lib/db/keys.ts';
import { queryAll } from '#lib/db/query.ts';
import * as org from '#lib/org/service.ts';
import * as pipeline from '#lib/pipeline/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create } from '../customers/world.ts';
import { contract, customer, lead, opportunity, plan, product, world } from '../pipeline/world.ts';
import { context, modifyEvent, storedCustomer, storedUser } from './world.ts';

/**
 * The consumers that carry a change into another context, stopped half-way (a crash, a timeout) and
 * delivered again: they finish the job, and no record is written twice. The repositories' `commit`
 * is wrapped with a write budget; once spent, the next commit throws as a crash would.
 */
const budget = vi.hoisted(() => ({ left: Number.POSITIVE_INFINITY }));
const spend = () => {
  if (budget.left <= 0) throw new Error('crashed (write budget spent)');
  budget.left -= 1;
};
vi.mock('#lib/customers/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#lib/customers/repository.ts')>();
  return {
    ...original,
    commit: (...args: Parameters<typeof original.commit>) => {
      spend();
      return original.commit(...args);
    },
  };
});
vi.mock('#lib/pipeline/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#lib/pipeline/repository.ts')>();
  return {
    ...original,
    commit: (...args: Parameters<typeof original.commit>) => {
      spend();
      return original.commit(...args);
    },
  };
});
afterEach(() => {
  budget.left = Number.POSITIVE_INFINITY;
});

const patchUser = (t: Awaited<ReturnType<typeof newTenant>>, userId: string, version: number, body: object) =>
  invoke('PATCH /v1/users/{id}', updateUser, {
    as: t.admin,
    params: { id: userId },
    headers: { 'if-match': `"${version}"` },
    body,
  });

describe("a user's role or name changes, re-keyed from the stream", () => {
  it("finishes the customers' re-keying after a crash half-way, each customer rewritten once", async () => {
    const t = await newTenant();
    const branch = await org.createRole(t.auth, {
      name: '二部销售',
      parentId: t.roles.manager.id,
      permissions: [],
    });
    const rep = await t.addUser('张三', t.roles.rep);
    const made: Array<{ id: string }> = [];
    for (let i = 0; i < 6; i++) made.push(await create(rep));
    const versions = async () =>
      Promise.all(made.map(async (c) => (await customers.getCustomer(t.tenantId, c.id))?.version));
    const before = await versions();
    const userBefore = await storedUser(t.tenantId, rep.userId);
    expect((await patchUser(t, rep.userId, 1, { roleId: branch.id, name: '张三丰' })).status).toBe(200);
    const event = modifyEvent(userBefore, await storedUser(t.tenantId, rep.userId));

    budget.left = 2;
    const crashed = await customerOwnerChanged(event, context('customer-owner-sync'));
    budget.left = Number.POSITIVE_INFINITY;
    const rerun = await customerOwnerChanged(event, context('customer-owner-sync'));
    const twice = await customerOwnerChanged(event, context('customer-owner-sync'));

    expect(crashed.batchItemFailures).toHaveLength(1);
    expect([rerun, twice].map((r) => r.batchItemFailures)).toEqual([[], []]);
    const after = await Promise.all(made.map((c) => customers.getCustomer(t.tenantId, c.id)));
    expect(after.map((c) => [c?.ownerRolePath, c?.ownerName])).toEqual(
      made.map(() => [branch.path, '张三丰']),
    );
    expect(after.map((c) => c?.version)).toEqual(before.map((v) => (v as number) + 1));
  });

  it('ends with the latest of two role changes, whichever order and how often their events come', async () => {
    const t = await newTenant();
    const first = await org.createRole(t.auth, {
      name: '一部销售',
      parentId: t.roles.manager.id,
      permissions: [],
    });
    const second = await org.createRole(t.auth, {
      name: '二部销售',
      parentId: t.roles.manager.id,
      permissions: [],
    });
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await create(rep);
    const p = await product(t.admin);
    const l = await lead(rep);
    const k = await contract(rep, c.id, p.id);
    const customerVersion = (await customers.getCustomer(t.tenantId, c.id))?.version as number;
    const leadVersion = (await pipeline.getLead(t.tenantId, l.id))?.version as number;
    const contractVersion = (await pipeline.getContract(t.tenantId, c.id, k.id))?.version as number;
    const v0 = await storedUser(t.tenantId, rep.userId);
    await patchUser(t, rep.userId, 1, { roleId: first.id });
    const v1 = await storedUser(t.tenantId, rep.userId);
    await patchUser(t, rep.userId, 2, { roleId: second.id, name: '张三丰' });
    const v2 = await storedUser(t.tenantId, rep.userId);

    for (const event of [modifyEvent(v0, v1), modifyEvent(v1, v2), modifyEvent(v0, v1)]) {
      expect((await customerOwnerChanged(event, context('customer-owner-sync'))).batchItemFailures).toEqual(
        [],
      );
      expect((await dealOwnerChanged(event, context('deal-owner-sync'))).batchItemFailures).toEqual([]);
    }

    // Stamped with the second change straight away (the user as stored), once, whatever came after.
    expect(await customers.getCustomer(t.tenantId, c.id)).toMatchObject({
      ownerRolePath: second.path,
      ownerName: '张三丰',
      version: customerVersion + 1,
    });
    expect(await pipeline.getLead(t.tenantId, l.id)).toMatchObject({
      ownerRolePath: second.path,
      ownerName: '张三丰',
      version: leadVersion + 1,
    });
    expect(await pipeline.getContract(t.tenantId, c.id, k.id)).toMatchObject({
      ownerRolePath: second.path,
      version: contractVersion + 1,
    });
  });

  it("finishes the deals' re-keying after a crash half-way, each deal rewritten once", async () => {
    const t = await newTenant();
    const branch = await org.createRole(t.auth, {
      name: '二部销售',
      parentId: t.roles.manager.id,
      permissions: [],
    });
    const rep = await t.addUser('张三', t.roles.rep);
    const p = await product(t.admin);
    const c = await create(rep);
    const leads = [await lead(rep), await lead(rep), await lead(rep)];
    const opps = [await opportunity(rep, c.id), await opportunity(rep, c.id)];
    const k = await contract(rep, c.id, p.id);
    const pl = await plan(rep, k.id, { dueOn: '2026-04-01', amountFen: 100 });
    // The plan changed the contract (what it still may promise): its version as it now stands.
    const kVersion = (await pipeline.getContract(t.tenantId, c.id, k.id))?.version as number;
    const userBefore = await storedUser(t.tenantId, rep.userId);
    await patchUser(t, rep.userId, 1, { roleId: branch.id });
    const event = modifyEvent(userBefore, await storedUser(t.tenantId, rep.userId));

    budget.left = 3;
    const crashed = await dealOwnerChanged(event, context('deal-owner-sync'));
    budget.left = Number.POSITIVE_INFINITY;
    const rerun = await dealOwnerChanged(event, context('deal-owner-sync'));
    const twice = await dealOwnerChanged(event, context('deal-owner-sync'));

    expect(crashed.batchItemFailures).toHaveLength(1);
    expect([rerun, twice].map((r) => r.batchItemFailures)).toEqual([[], []]);
    const stored = [
      ...(await Promise.all(leads.map((x) => pipeline.getLead(t.tenantId, x.id)))),
      ...(await Promise.all(opps.map((x) => pipeline.getOpportunity(t.tenantId, c.id, x.id)))),
      await pipeline.getContract(t.tenantId, c.id, k.id),
    ];
    expect(stored.map((x) => [x?.ownerRolePath, x?.version])).toEqual([
      ...leads.map((x) => [branch.path, x.version + 1]),
      ...opps.map((x) => [branch.path, x.version + 1]),
      [branch.path, kVersion + 1],
    ]);
    expect(await pipeline.getPlan(t.tenantId, c.id, k.id, pl.id)).toMatchObject({
      ownerRolePath: branch.path,
    });
  });
});

describe("a customer's transfer, its deals moved from the stream", () => {
  it('finishes the move after a crash half-way, each deal moved once, and a replay after a transfer back moves nothing', async () => {
    const w = await world();
    const p = await product(w.admin);
    const c = await customer(w.owner);
    const opps = [
      await opportunity(w.owner, c.id),
      await opportunity(w.owner, c.id),
      await opportunity(w.owner, c.id),
    ];
    const k = await contract(w.owner, c.id, p.id, { signedOn: '2026-03-01' });
    const pl = await plan(w.owner, k.id, { dueOn: '2026-04-01', amountFen: 100 });
    const kVersion = (await pipeline.getContract(w.tenantId, c.id, k.id))?.version as number;
    const before = await storedCustomer(w.tenantId, c.id);
    const res = await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: w.owner,
      params: { id: c.id },
      body: { userId: w.peer.userId },
    });
    expect(res.status).toBe(200);
    const event = modifyEvent(before, await storedCustomer(w.tenantId, c.id));

    budget.left = 2;
    const crashed = await customerTransferred(event, context('deal-transfers'));
    budget.left = Number.POSITIVE_INFINITY;
    const rerun = await customerTransferred(event, context('deal-transfers'));
    const twice = await customerTransferred(event, context('deal-transfers'));

    expect(crashed.batchItemFailures).toHaveLength(1);
    expect([rerun, twice].map((r) => r.batchItemFailures)).toEqual([[], []]);
    const deals = [
      ...(await Promise.all(opps.map((o) => pipeline.getOpportunity(w.tenantId, c.id, o.id)))),
      await pipeline.getContract(w.tenantId, c.id, k.id),
    ];
    expect(deals.map((d) => [d?.ownerId, d?.ownerName, d?.version])).toEqual([
      ...opps.map((o) => [w.peer.userId, '李四', o.version + 1]),
      [w.peer.userId, '李四', kVersion + 1],
    ]);
    expect(await pipeline.getPlan(w.tenantId, c.id, k.id, pl.id)).toMatchObject({ ownerId: w.peer.userId });
    // The consumer writes no history of its own: the transfer's one entry stays the only one.
    const { pk, skPrefix } = customerChildPrefix(w.tenantId, c.id, 'history');
    const history = await queryAll<{ action: string }>({
      tenantId: w.tenantId,
      pk,
      sk: { beginsWith: skPrefix },
    });
    expect(history.map((h) => h.action).filter((a) => a === 'transfer')).toEqual(['transfer']);

    // Handed back; the first transfer's event delivered once more afterwards moves nothing.
    const back = await storedCustomer(w.tenantId, c.id);
    await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: w.peer,
      params: { id: c.id },
      body: { userId: w.owner.userId },
    });
    await customerTransferred(
      modifyEvent(back, await storedCustomer(w.tenantId, c.id)),
      context('deal-transfers'),
    );
    const replayed = await customerTransferred(event, context('deal-transfers'));

    expect(replayed.batchItemFailures).toEqual([]);
    const home = await Promise.all(opps.map((o) => pipeline.getOpportunity(w.tenantId, c.id, o.id)));
    expect(home.map((d) => [d?.ownerId, d?.version])).toEqual(
      opps.map((o) => [w.owner.userId, o.version + 2]),
    );
  });
});
