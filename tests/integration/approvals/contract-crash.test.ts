import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { contractApproval } from '#functions/pipeline/contract-approval.ts';
import { handler as getContract } from '#functions/pipeline/get-contract.ts';
import { approvalKey } from '#lib/db/keys.ts';
import { setSettings } from '#tests/integration/customers/world.ts';
import { contract, customer, product } from '#tests/integration/pipeline/world.ts';
import { context, modifyEvent, storedCustomer, storedItem } from '#tests/integration/streams/world.ts';
import { invoke } from '#tests/support/api.ts';
import { type Company, company, flow, must, request } from './world.ts';

/**
 * The contract-approvals consumer stopped before its write (a crash, a timeout) and delivered again:
 * the contract waits until the redelivery, which finishes the job once. The pipeline repository's
 * `commit` is wrapped with a write budget; once spent, the next commit throws as a crash would.
 */
const budget = vi.hoisted(() => ({ left: Number.POSITIVE_INFINITY }));
vi.mock('#lib/pipeline/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#lib/pipeline/repository.ts')>();
  return {
    ...original,
    commit: (...args: Parameters<typeof original.commit>) => {
      if (budget.left <= 0) throw new Error('crashed (write budget spent)');
      budget.left -= 1;
      return original.commit(...args);
    },
  };
});
afterEach(() => {
  budget.left = Number.POSITIVE_INFINITY;
});

let c: Company;
beforeAll(async () => {
  c = await company();
  await setSettings(c.tenantId, { contractApproval: true });
});

describe('contract approval after a crash', () => {
  it('signs the contract on redelivery, once, with the customer marked as having a deal', async () => {
    const f = await flow(c.admin, {
      type: 'contract',
      steps: [{ name: '经理', approvers: { kind: 'superior', level: 1 } }],
    });
    const p = await product(c.admin);
    const cust = await customer(c.rep);
    const k = await contract(c.rep, cust.id, p.id, { signedOn: '2026-12-01' });
    const r = await request(c.rep, { flowId: f.id, contractId: k.id });
    const before = await storedItem(approvalKey(c.tenantId, r.id));
    await must('approve', c.manager, r.id);
    const event = modifyEvent(before, await storedItem(approvalKey(c.tenantId, r.id)));
    const read = async () =>
      (await invoke('GET /v1/contracts/{id}', getContract, { as: c.rep, params: { id: k.id } })).body;

    budget.left = 0;
    const crashed = await contractApproval(event, context('contract-approvals'));
    expect(crashed.batchItemFailures).toHaveLength(1);
    expect(await read()).toMatchObject({ status: 'pending_approval', version: 1 });
    expect((await storedCustomer(c.tenantId, cust.id)).won).not.toBe(true);

    budget.left = Number.POSITIVE_INFINITY;
    expect((await contractApproval(event, context('contract-approvals'))).batchItemFailures).toEqual([]);
    expect((await contractApproval(event, context('contract-approvals'))).batchItemFailures).toEqual([]);
    expect(await read()).toMatchObject({ status: 'signed', version: 2 });
    expect((await storedCustomer(c.tenantId, cust.id)).won).toBe(true);
  });
});
