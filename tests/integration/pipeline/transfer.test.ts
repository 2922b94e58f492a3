import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { customerTransferred } from '#functions/pipeline/customer-transferred.ts';
import { handler as getContract } from '#functions/pipeline/get-contract.ts';
import { handler as getOpportunity } from '#functions/pipeline/get-opportunity.ts';
import { handler as listContracts } from '#functions/pipeline/list-contracts.ts';
import { handler as listOpportunities } from '#functions/pipeline/list-opportunities.ts';
import { handler as listPaymentPlans } from '#functions/pipeline/list-payment-plans.ts';
import { handler as listPayments } from '#functions/pipeline/list-payments.ts';
import { handler as moveOpportunity } from '#functions/pipeline/move-opportunity.ts';
import { handler as updateContract } from '#functions/pipeline/update-contract.ts';
import { currentStamp } from '#lib/customers/consumers.ts';
import { db, tableName } from '#lib/db/client.ts';
import { customerChildKey } from '#lib/db/keys.ts';
import { moveCustomerDeals } from '#lib/pipeline/owners.ts';
import * as repo from '#lib/pipeline/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { context, modifyEvent, startOwnerConsumers, storedCustomer } from '../streams/world.ts';
import { contract, customer, opportunity, plan, product, type World, world } from './world.ts';

/**
 * A customer transferred to another rep takes its open deals along (同时变更负责人: 商机/合同): the
 * transfer's request changes the customer; the table stream's `deal-transfers` consumer moves the
 * deals (run here by the local stream reader, as `npm start` runs it).
 */

let streams: Awaited<ReturnType<typeof startOwnerConsumers>>;
beforeAll(async () => {
  streams = await startOwnerConsumers();
});
afterAll(() => streams.stop());

/** The transfer, and the deals' move that follows it from the stream. */
const transfer = async (as: Caller, id: string, userId: string) => {
  const res = await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
    as,
    params: { id },
    body: { userId },
  });
  await streams.caughtUp();
  return res;
};

const contractOf = async (as: Caller, id: string) =>
  (await invoke('GET /v1/contracts/{id}', getContract, { as, params: { id } })).body;

const mine = async (as: Caller, route: 'opportunities' | 'contracts') => {
  const res =
    route === 'opportunities'
      ? await invoke('GET /v1/opportunities', listOpportunities, { as, query: {} })
      : await invoke('GET /v1/contracts', listContracts, { as, query: {} });
  expect(res.status).toBe(200);
  return res.body.items.map((x: { id: string }) => x.id).sort();
};

/**
 * The owner's customer (shared with `shared`) with an open and a won opportunity of the owner, an
 * open one of the shared user, a signed contract with a plan and a payment, a draft and a
 * terminated contract.
 */
async function dealsOf(w: World) {
  const p = await product(w.admin, { priceFen: 10_000 });
  const c = await customer(w.owner, {}, [w.shared.userId]);
  const open = await opportunity(w.owner, c.id);
  const won = await opportunity(w.owner, c.id);
  await invoke('POST /v1/opportunities/{id}/stage', moveOpportunity, {
    as: w.owner,
    params: { id: won.id },
    body: { stage: 'won' },
  });
  const sharedUsers = await opportunity(w.shared, c.id);
  const signed = await contract(w.owner, c.id, p.id, { signedOn: '2026-03-01' });
  const planned = await plan(w.owner, signed.id, { dueOn: '2026-04-01', amountFen: 4_000 });
  const paid = await invoke('POST /v1/payments', createPayment, {
    as: w.owner,
    body: { contractId: signed.id, amountFen: 1_000, receivedOn: '2026-03-02' },
  });
  expect(paid.status).toBe(201);
  const draft = await contract(w.owner, c.id, p.id);
  const ended = await contract(w.owner, c.id, p.id);
  const terminated = await invoke('PATCH /v1/contracts/{id}', updateContract, {
    as: w.owner,
    params: { id: ended.id },
    headers: { 'if-match': `"${ended.version}"` },
    body: { status: 'terminated' },
  });
  expect(terminated.status).toBe(200);
  return { c, open, won, sharedUsers, signed, planned, draft, ended };
}

describe('POST /v1/customers/{id}/transfer and the deals', () => {
  it("moves the previous owner's open opportunities and contracts to the new owner's views", async () => {
    const w = await world();
    const d = await dealsOf(w);

    const res = await transfer(w.owner, d.c.id, w.peer.userId);

    expect(res.status).toBe(200);
    expect(await mine(w.peer, 'opportunities')).toEqual([d.open.id]);
    expect(await mine(w.peer, 'contracts')).toEqual([d.signed.id, d.draft.id].sort());
    expect(await mine(w.owner, 'opportunities')).toEqual([d.won.id]);
    expect(await mine(w.owner, 'contracts')).toEqual([d.ended.id]);
    expect(await mine(w.shared, 'opportunities')).toEqual([d.sharedUsers.id]);
    const moved = await invoke('GET /v1/opportunities/{id}', getOpportunity, {
      as: w.peer,
      params: { id: d.open.id },
    });
    expect(moved.body).toMatchObject({ ownerId: w.peer.userId, ownerName: '李四', version: 2 });
    const signed = await invoke('GET /v1/contracts/{id}', getContract, {
      as: w.peer,
      params: { id: d.signed.id },
    });
    expect(signed.body).toMatchObject({ ownerId: w.peer.userId, receivedFen: 1_000, plannedFen: 4_000 });
  });

  it('leaves the moved deals to their new chain: the previous owner no longer sees them', async () => {
    const w = await world();
    const d = await dealsOf(w);

    await transfer(w.owner, d.c.id, w.peer.userId);

    const status = async (as: Caller, id: string) =>
      (await invoke('GET /v1/contracts/{id}', getContract, { as, params: { id } })).status;
    expect(await status(w.owner, d.signed.id)).toBe(404);
    expect(await status(w.owner, d.ended.id)).toBe(200);
    const children = await Promise.all([
      invoke('GET /v1/contracts/{id}/payment-plans', listPaymentPlans, {
        as: w.owner,
        params: { id: d.signed.id },
      }),
      invoke('GET /v1/contracts/{id}/payments', listPayments, { as: w.owner, params: { id: d.signed.id } }),
    ]);
    expect(children.map((r) => r.status)).toEqual([404, 404]);
    const plans = await invoke('GET /v1/contracts/{id}/payment-plans', listPaymentPlans, {
      as: w.peer,
      params: { id: d.signed.id },
    });
    // The plan's due reminder goes to the new owner.
    expect(plans.body.items).toEqual([expect.objectContaining({ id: d.planned.id, ownerId: w.peer.userId })]);
  });

  it('moves nothing twice when the move runs again, and hands deals back on a transfer back', async () => {
    const w = await world();
    const d = await dealsOf(w);
    const before = await storedCustomer(w.tenantId, d.c.id);
    await transfer(w.owner, d.c.id, w.peer.userId);
    const handed = modifyEvent(before, await storedCustomer(w.tenantId, d.c.id));

    const again = await customerTransferred(handed, context('deal-transfers'));
    const back = await transfer(w.peer, d.c.id, w.owner.userId);
    // The first transfer's event delivered once more, after the customer came back: nothing moves.
    const replayed = await customerTransferred(handed, context('deal-transfers'));

    expect(again.batchItemFailures).toEqual([]);
    expect(replayed.batchItemFailures).toEqual([]);
    expect(back.status).toBe(200);
    expect(await mine(w.owner, 'opportunities')).toEqual([d.open.id, d.won.id].sort());
    expect(await mine(w.owner, 'contracts')).toEqual([d.signed.id, d.draft.id, d.ended.id].sort());
    expect(await mine(w.peer, 'opportunities')).toEqual([]);
    const stored = await repo.getOpportunity(w.tenantId, d.c.id, d.open.id);
    expect(stored).toMatchObject({ ownerId: w.owner.userId, version: 3 });
  });

  it('stamps every payment racing the transfer with the owner the contract ends with', async () => {
    const w = await world();
    const p = await product(w.admin, { priceFen: 10_000 });
    const c = await customer(w.owner);
    const k = await contract(w.owner, c.id, p.id, { signedOn: '2026-03-01' });
    const pay = () =>
      invoke('POST /v1/payments', createPayment, {
        as: w.manager,
        body: { contractId: k.id, amountFen: 100, receivedOn: '2026-03-02' },
      });

    const [moved, ...payments] = await Promise.all([
      transfer(w.owner, c.id, w.peer.userId),
      ...Array.from({ length: 6 }, pay),
    ]);

    expect(moved.status).toBe(200);
    expect(payments.map((r) => r.status)).toEqual(Array(6).fill(201));
    const listed = await invoke('GET /v1/contracts/{id}/payments', listPayments, {
      as: w.peer,
      params: { id: k.id },
    });
    expect(listed.body.items).toHaveLength(6);
    const stamps = await Promise.all(
      payments.map(async (r) => {
        const key = customerChildKey(w.tenantId, c.id, 'payment', `${k.id}#${r.body.payment.id}`);
        const out = await db().send(
          new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
        );
        return out.Item?.ownerId;
      }),
    );
    expect(stamps).toEqual(Array(6).fill(w.peer.userId));
    expect(await contractOf(w.peer, k.id)).toMatchObject({ ownerId: w.peer.userId, receivedFen: 600 });
  });

  it("backfills the owner and list keys of payments written before the contract's own lists", async () => {
    const w = await world();
    const d = await dealsOf(w);
    const payments = () =>
      invoke('GET /v1/contracts/{id}/payments', listPayments, { as: w.owner, params: { id: d.signed.id } });
    const [paid] = (await payments()).body.items;
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: customerChildKey(w.tenantId, d.c.id, 'payment', `${d.signed.id}#${paid.id}`),
        UpdateExpression: 'REMOVE ownerId, ownerRolePath, pipelineByOwnerPk, pipelineByOwnerSk',
      }),
    );
    expect((await payments()).body.items).toEqual([]);

    const contract = (await repo.getContract(w.tenantId, d.c.id, d.signed.id)) as repo.ContractRecord;
    const changed = await repo.syncContractChildren(w.tenantId, contract);

    expect(changed).toBe(1);
    expect((await payments()).body.items).toEqual([paid]);
  });

  it('restamps the payment plans and payments of a contract whose move was interrupted', async () => {
    const w = await world();
    const d = await dealsOf(w);
    const contractBefore = (await repo.getContract(w.tenantId, d.c.id, d.signed.id)) as repo.ContractRecord;
    // The contract moved, its children not yet (a crash between the two writes).
    const handed = { ...contractBefore, ownerId: w.peer.userId, ownerName: '李四', version: 3 };
    await repo.commit([repo.saveContractStep(w.tenantId, handed, contractBefore)]);

    const moved = await moveCustomerDeals(
      w.tenantId,
      {
        customerId: d.c.id,
        fromUserId: w.owner.userId,
        toUserId: w.peer.userId,
        at: new Date().toISOString(),
      },
      (userId) => currentStamp(w.tenantId, userId),
    );

    expect(moved).toBe(2);
    const plan = await repo.getPlan(w.tenantId, d.c.id, d.signed.id, d.planned.id);
    expect(plan).toMatchObject({ ownerId: w.peer.userId, ownerRolePath: w.roles.rep.path });
    expect(await repo.syncContractChildren(w.tenantId, handed)).toBe(0);
  });
});
