import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getResults } from '#functions/analytics/get-results.ts';
import { contractApproval } from '#functions/pipeline/contract-approval.ts';
import { handler as getContract } from '#functions/pipeline/get-contract.ts';
import { handler as getSettings } from '#functions/settings/get-settings.ts';
import { handler as updateSettings } from '#functions/settings/update-settings.ts';
import { startStreamConsumers } from '#infra/local/streams.ts';
import { approvalKey } from '#lib/db/keys.ts';
import { streamConsumers } from '#lib/jobs.ts';
import { contract, customer, product } from '#tests/integration/pipeline/world.ts';
import { context, modifyEvent, storedItem } from '#tests/integration/streams/world.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { type Company, company, flow, must, request, submitRaw } from './world.ts';

/**
 * Contract approval (seed 002): with `contractApproval` on, a new contract waits for its request;
 * the decision reaches the contract through the stream (lib/pipeline `contract-approvals`), and the
 * analytics projection counts the contract only once it is signed.
 */

let c: Company;
let streams: ReturnType<typeof startStreamConsumers>;
let flowId: string;
let productId: string;
beforeAll(async () => {
  streams = startStreamConsumers({
    endpoint: process.env.DYNAMODB_ENDPOINT as string,
    tableName: process.env.TABLE_NAME as string,
    log: (line) => console.error(line),
    consumers: {
      analytics: streamConsumers.analytics,
      'contract-approvals': streamConsumers['contract-approvals'],
    },
    from: 'LATEST',
  });
  await streams.ready;
  c = await company();
  const settings = await invoke('GET /v1/settings', getSettings, { as: c.admin });
  expect(settings.body.contractApproval).toBe(false);
  const on = await invoke('PATCH /v1/settings', updateSettings, {
    as: c.admin,
    headers: { 'if-match': settings.headers.etag as string },
    body: { contractApproval: true },
  });
  expect(on.body.contractApproval).toBe(true);
  flowId = (
    await flow(c.admin, {
      name: '合同审批',
      type: 'contract',
      steps: [{ name: '经理', approvers: { kind: 'superior', level: 1 } }],
    })
  ).id;
  productId = (await product(c.admin, { priceFen: 1_234_500 })).id;
}, 120_000);
afterAll(() => streams.stop());

const SIGNED_ON = '2026-12-01';
const contractFen = async (as: Caller) => {
  const res = await invoke('GET /v1/analytics/results', getResults, {
    as,
    query: { from: '2026-12-01', to: '2026-12-31' },
  });
  return (res.body.items as Array<{ contractFen: number }>).reduce((sum, row) => sum + row.contractFen, 0);
};
const status = async (as: Caller, id: string) =>
  (await invoke('GET /v1/contracts/{id}', getContract, { as, params: { id } })).body.status;
/** The stream reaches the contract, then the contract's change reaches the projection. */
const settle = async () => {
  await streams.caughtUp();
  await streams.caughtUp();
};

describe('contract approval', () => {
  it('keeps a new contract out of the reports until its request is approved, then signs it', async () => {
    const cust = await customer(c.rep);
    const k = await contract(c.rep, cust.id, productId, { signedOn: SIGNED_ON });
    expect(k.status).toBe('pending_approval');
    const r = await request(c.rep, { flowId, contractId: k.id });
    await settle();
    expect(await contractFen(c.admin)).toBe(0);
    expect(await status(c.rep, k.id)).toBe('pending_approval');
    await must('approve', c.manager, r.id);
    await settle();
    expect(await status(c.rep, k.id)).toBe('signed');
    expect(await contractFen(c.admin)).toBe(1_234_500);
  });

  it('marks a rejected contract rejected, never counted', async () => {
    const before = await contractFen(c.admin);
    const cust = await customer(c.rep);
    const k = await contract(c.rep, cust.id, productId, { signedOn: SIGNED_ON });
    const r = await request(c.rep, { flowId, contractId: k.id });
    await must('reject', c.manager, r.id, { comment: '价格过低' });
    await settle();
    expect(await status(c.rep, k.id)).toBe('rejected');
    expect(await contractFen(c.admin)).toBe(before);
  });

  it('takes one request per waiting contract, and refuses one that does not wait or is missing', async () => {
    const cust = await customer(c.rep);
    const k = await contract(c.rep, cust.id, productId);
    await request(c.rep, { flowId, contractId: k.id });
    const twice = await submitRaw(c.rep, { flowId, contractId: k.id });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('contract_in_approval');
    const none = await submitRaw(c.rep, { flowId });
    expect(none.body.errors[0]).toMatchObject({ path: 'body.contractId', code: 'required' });
    const invisible = await submitRaw(c.peer, { flowId, contractId: k.id });
    expect(invisible.body.errors[0]).toMatchObject({ path: 'body.contractId', code: 'unknown_contract' });
  });

  it('applies a decision once when the stream delivers it again', async () => {
    const cust = await customer(c.rep);
    const k = await contract(c.rep, cust.id, productId);
    const r = await request(c.rep, { flowId, contractId: k.id });
    const before = await storedItem(approvalKey(c.tenantId, r.id));
    await must('approve', c.manager, r.id);
    await settle();
    const event = modifyEvent(before, await storedItem(approvalKey(c.tenantId, r.id)));
    const after = (await invoke('GET /v1/contracts/{id}', getContract, { as: c.rep, params: { id: k.id } }))
      .body;
    expect(after).toMatchObject({ status: 'draft', version: 2 });
    expect((await contractApproval(event, context('contract-approvals'))).batchItemFailures).toEqual([]);
    const again = (await invoke('GET /v1/contracts/{id}', getContract, { as: c.rep, params: { id: k.id } }))
      .body;
    expect(again).toMatchObject({ status: 'draft', version: 2 });
  });

  it('leaves a contract waiting while a rejection may still be resubmitted', async () => {
    const back = await flow(c.admin, {
      type: 'contract',
      onReject: 'toSubmitter',
      steps: [{ name: '经理', approvers: { kind: 'superior', level: 1 } }],
    });
    const cust = await customer(c.rep);
    const k = await contract(c.rep, cust.id, productId, { signedOn: SIGNED_ON });
    const r = await request(c.rep, { flowId: back.id, contractId: k.id });
    await must('reject', c.manager, r.id);
    await settle();
    expect(await status(c.rep, k.id)).toBe('pending_approval');
    await must('resubmit', c.rep, r.id);
    await must('approve', c.manager, r.id);
    await settle();
    expect(await status(c.rep, k.id)).toBe('signed');
  });
});
