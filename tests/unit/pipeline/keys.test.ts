import { describe, expect, it } from 'vitest';
import {
  belongsToTenant,
  contractChildKeys,
  contractChildList,
  contractEndKeys,
  customerChildKey,
  customerChildKind,
  opportunityStageKeys,
  ownerScopePrefix,
  pipelineIndexKeys,
  pipelineLists,
  planDueKeys,
} from '#lib/db/keys.ts';

const record = (ownerId: string, ownerRolePath: string, id = 'X1') => ({
  id,
  ownerId,
  ownerRolePath,
  updatedAt: '2026-03-01T08:00:00.000Z',
});

describe('pipeline keys', () => {
  it('puts every pipeline list key under the tenant', () => {
    const keys = {
      ...pipelineIndexKeys('T1', 'OPP', record('U1', '/R/M/P')),
      ...opportunityStageKeys('T1', 'proposal', record('U1', '/R/M/P')),
    };
    expect(belongsToTenant(keys, 'T1')).toBe(true);
    expect(belongsToTenant(contractEndKeys('T1', '2026-12-31', 'K1'), 'T1')).toBe(true);
    expect(belongsToTenant(planDueKeys('T1', '2026-04-01', 'P1'), 'T1')).toBe(true);
  });

  it("scopes a stage of the funnel to one owner without matching a peer's records", () => {
    const mine = opportunityStageKeys('T1', 'proposal', record('U1', '/R/M/P')).pipelineByStageSk;
    const peer = opportunityStageKeys('T1', 'proposal', record('U2', '/R/M/P')).pipelineByStageSk;
    const intern = opportunityStageKeys('T1', 'proposal', record('U3', '/R/M/P/I')).pipelineByStageSk;

    expect(mine.startsWith(ownerScopePrefix('/R/M/P', 'U1'))).toBe(true);
    expect(peer.startsWith(ownerScopePrefix('/R/M/P', 'U1'))).toBe(false);
    expect(intern.startsWith(pipelineLists.stage('T1', 'proposal', '/R/M/P/').skPrefix ?? '')).toBe(true);
    expect(peer.startsWith('/R/M/P/')).toBe(false);
  });

  it('bounds a date window inclusively at both ends', () => {
    const { between } = pipelineLists.plansDue('T1', '2026-04-01', '2026-04-03');
    const sk = (date: string) => planDueKeys('T1', date, '01J0000000000000000000000Z').pipelineByListSk;
    const inside = (value: string) => value >= between[0] && value <= between[1];

    expect(inside(sk('2026-04-01'))).toBe(true);
    expect(inside(sk('2026-04-03'))).toBe(true);
    expect(inside(sk('2026-03-31'))).toBe(false);
    expect(inside(sk('2026-04-04'))).toBe(false);
  });

  it("keeps a contract's payments and plans in partitions of their own, apart from every owner's list", () => {
    const payment = contractChildKeys('T1', 'PAYMENT', 'K1', 'P1');
    const plan = contractChildKeys('T1', 'PAYPLAN', 'K1', 'P1');

    expect(belongsToTenant(payment, 'T1')).toBe(true);
    expect(payment.pipelineByOwnerPk).toBe(contractChildList('T1', 'PAYMENT', 'K1').pk);
    expect(plan.pipelineByOwnerPk).toBe(contractChildList('T1', 'PAYPLAN', 'K1').pk);
    expect(plan.pipelineByOwnerPk).not.toBe(payment.pipelineByOwnerPk);
    expect(contractChildList('T1', 'PAYMENT', 'K2').pk).not.toBe(payment.pipelineByOwnerPk);
    for (const bucket of ['LEAD', 'LEADDONE', 'OPP', 'CONTRACT'] as const)
      expect(pipelineLists.mine('T1', bucket, 'K1').pk).not.toBe(payment.pipelineByOwnerPk);
    expect(contractChildList('T1', 'PAYMENT', 'K1').ascending).toBe(false);
    expect(contractChildList('T1', 'PAYPLAN', 'K1').ascending).toBe(true);
  });

  it('separates open and converted leads into their own list partitions', () => {
    const open = pipelineIndexKeys('T1', 'LEAD', record('U1', '/R/M/P'));
    const done = pipelineIndexKeys('T1', 'LEADDONE', record('U1', '/R/M/P'));

    expect(open.pipelineByOwnerPk).toBe(pipelineLists.mine('T1', 'LEAD', 'U1').pk);
    expect(done.pipelineByOwnerPk).not.toBe(open.pipelineByOwnerPk);
  });

  it('tells pipeline children of a customer apart by their sort key', () => {
    expect(customerChildKind(customerChildKey('T1', 'C1', 'opportunity', 'O1').sk)).toBe('opportunity');
    expect(customerChildKind(customerChildKey('T1', 'C1', 'paymentPlan', 'K1#P1').sk)).toBe('paymentPlan');
    expect(customerChildKind(customerChildKey('T1', 'C1', 'payment', 'K1#M1').sk)).toBe('payment');
    expect(customerChildKind(customerChildKey('T1', 'C1', 'contract', 'K1').sk)).toBe('contract');
  });
});
