import { describe, expect, it } from 'vitest';
import { HttpError } from '#lib/http/errors.ts';
import {
  contractExpiryReminder,
  localDate,
  paymentDueReminder,
  reminderWindow,
} from '#lib/pipeline/reminder-rules.ts';
import {
  applyPayment,
  assertLeadOpen,
  assertPlanFits,
  assertTakesPayments,
  canEditDeal,
  canSeeDeal,
  canSeeLead,
  checkDates,
  contractTotal,
  DEFAULT_STAGES,
  initialStage,
  lineAmounts,
  moveStage,
  nextStatus,
  type OpportunityState,
  retotal,
  type Viewer,
  validateStages,
} from '#lib/pipeline/rules.ts';
import type { Stage } from '#lib/pipeline/schemas.ts';

/** The status and code of what `fn` throws. */
function failure(fn: () => unknown): { status: number; code: string; paths?: string[] } {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError)
      return {
        status: error.status,
        code: error.code,
        ...(error.errors ? { paths: error.errors.map((e) => `${e.path}:${e.code}`) } : {}),
      };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('lineAmounts', () => {
  it('multiplies quantity by unit price without a discount', () => {
    expect(lineAmounts(3, 1999)).toEqual({ listFen: 5997, amountFen: 5997 });
  });

  it('applies a percentage discount and rounds half up to the fen', () => {
    // 1 × 1005 fen × 95% = 954.75 fen -> 955
    expect(lineAmounts(1, 1005, 5)).toEqual({ listFen: 1005, amountFen: 955 });
    // 1 × 1001 fen × 50% = 500.5 fen -> 501 (half up)
    expect(lineAmounts(1, 1001, 50).amountFen).toBe(501);
    // 1 × 999 fen × 50% = 499.5 -> 500
    expect(lineAmounts(1, 999, 50).amountFen).toBe(500);
  });

  it('computes fractional quantities and discounts exactly, where floating point would drift', () => {
    // 0.1 + 0.2 style traps: 2.675 × 100 fen = 267.5 -> 268; 12.35% off 3333 fen = 2921.3745 -> 2921
    expect(lineAmounts(2.675, 100).amountFen).toBe(268);
    expect(lineAmounts(1, 3333, 12.35).amountFen).toBe(2921);
    // 0.333 × 1 fen = 0.333 -> 0
    expect(lineAmounts(0.333, 1).amountFen).toBe(0);
  });

  it('gives zero for a 100% discount and keeps the list amount', () => {
    expect(lineAmounts(4, 2500, 100)).toEqual({ listFen: 10000, amountFen: 0 });
  });

  it('stays exact for large amounts', () => {
    // 999999.999 × 9,999,999 fen = 9,999,998,990,000.001 fen
    expect(lineAmounts(999_999.999, 9_999_999).amountFen).toBe(9_999_998_990_000);
    // 7.5% off: 9,249,999,065,750.000925 fen
    expect(lineAmounts(999_999.999, 9_999_999, 7.5).amountFen).toBe(9_249_999_065_750);
  });
});

describe('contractTotal', () => {
  it('sums the rounded line amounts', () => {
    const total = contractTotal([
      { quantity: 1, unitPriceFen: 1005, discountPct: 5 }, // 955
      { quantity: 1, unitPriceFen: 1005, discountPct: 5 }, // 955 (not 1909.5 -> 1910 rounded once)
      { quantity: 2, unitPriceFen: 100, discountPct: 0 }, // 200
    ]);
    expect(total).toBe(2110);
  });

  it('refuses a total beyond the stored maximum with 422 total_too_large', () => {
    const lines = [{ quantity: 1_000_000, unitPriceFen: 10_000_000_000_000, discountPct: 0 }];
    expect(failure(() => contractTotal(lines))).toMatchObject({ status: 422, code: 'total_too_large' });
  });
});

const stagesInput = (over: Partial<Record<string, Partial<Stage>>> = {}) =>
  DEFAULT_STAGES.map((s) => ({ ...s, ...over[s.key] }));

describe('validateStages', () => {
  it('accepts the defaults over the defaults', () => {
    expect(validateStages(stagesInput(), DEFAULT_STAGES)).toEqual(DEFAULT_STAGES);
  });

  it('accepts a renamed, re-weighted and extended list', () => {
    const next = [
      ...stagesInput({ needs: { name: '需求分析', probability: 25 } }).slice(0, 4),
      { key: 'contract', name: '合同审批', probability: 90, terminal: null },
      ...stagesInput().slice(4),
    ];
    const stages = validateStages(next, DEFAULT_STAGES);
    expect(stages.map((s) => s.key)).toEqual([
      'initial',
      'needs',
      'proposal',
      'negotiation',
      'contract',
      'won',
      'lost',
    ]);
    expect(stages[1]).toMatchObject({ name: '需求分析', probability: 25, disabled: false });
  });

  it('refuses to drop a stage that may be in use', () => {
    const next = stagesInput().filter((s) => s.key !== 'needs');
    expect(failure(() => validateStages(next, DEFAULT_STAGES))).toMatchObject({
      status: 400,
      paths: ['body.stages:stage_removed'],
    });
  });

  it('lets a stage be disabled instead of removed', () => {
    const stages = validateStages(stagesInput({ needs: { disabled: true } }), DEFAULT_STAGES);
    expect(stages.find((s) => s.key === 'needs')?.disabled).toBe(true);
  });

  it('needs exactly one won stage at 100% and one lost stage at 0%', () => {
    const noLost = stagesInput().map((s) => (s.key === 'lost' ? { ...s, terminal: null } : s));
    expect(failure(() => validateStages(noLost, []))).toMatchObject({ paths: ['body.stages:one_lost'] });
    const wonAt90 = stagesInput({ won: { probability: 90 } });
    expect(failure(() => validateStages(wonAt90, []))).toMatchObject({
      paths: ['body.stages.4.probability:won_is_100'],
    });
  });

  it('refuses duplicate keys and a list without an enabled open stage', () => {
    const dup = [...stagesInput(), { key: 'initial', name: '重复', probability: 5, terminal: null }];
    expect(failure(() => validateStages(dup, [])).paths).toContain('body.stages.6.key:duplicate_key');
    const closedOnly = stagesInput({
      initial: { disabled: true },
      needs: { disabled: true },
      proposal: { disabled: true },
      negotiation: { disabled: true },
    });
    expect(failure(() => validateStages(closedOnly, [])).paths).toEqual(['body.stages:no_open_stage']);
  });

  it('keeps the keys of won and lost', () => {
    const renamed = stagesInput().map((s) => (s.key === 'won' ? { ...s, key: 'deal' } : s));
    expect(failure(() => validateStages(renamed, DEFAULT_STAGES)).paths).toContain(
      'body.stages:terminal_key_fixed',
    );
  });
});

describe('initialStage', () => {
  it('defaults to the first enabled open stage', () => {
    const stages = DEFAULT_STAGES.map((s) => (s.key === 'initial' ? { ...s, disabled: true } : s));
    expect(initialStage(stages, undefined, 'body.stage').key).toBe('needs');
  });

  it('refuses an unknown or disabled stage with 400 and a terminal one with 422', () => {
    expect(failure(() => initialStage(DEFAULT_STAGES, 'nope', 'body.stage'))).toMatchObject({
      status: 400,
      paths: ['body.stage:unknown_stage'],
    });
    expect(failure(() => initialStage(DEFAULT_STAGES, 'won', 'body.stage'))).toMatchObject({
      status: 422,
      code: 'terminal_stage',
    });
  });
});

describe('moveStage', () => {
  const open: OpportunityState = {
    stage: 'initial',
    probability: 10,
    status: 'open',
    closedAt: null,
    stageHistory: [],
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 3,
  };
  const actor = { id: 'U1', name: '张三' };
  const at = '2026-02-01T08:00:00.000Z';

  it('moves to an open stage, records the move and takes the stage probability', () => {
    const next = moveStage(open, DEFAULT_STAGES, 'proposal', actor, at);
    expect(next).toMatchObject({
      stage: 'proposal',
      probability: 50,
      status: 'open',
      closedAt: null,
      version: 4,
    });
    expect(next.stageHistory).toEqual([
      { from: 'initial', to: 'proposal', at, actorId: 'U1', actorName: '张三', note: null },
    ]);
  });

  it('closes the opportunity on won and on lost', () => {
    expect(moveStage(open, DEFAULT_STAGES, 'won', actor, at)).toMatchObject({
      status: 'won',
      probability: 100,
      closedAt: at,
    });
    expect(moveStage(open, DEFAULT_STAGES, 'lost', actor, at, '预算取消')).toMatchObject({
      status: 'lost',
      probability: 0,
      stageHistory: [{ note: '预算取消' }],
    });
  });

  it('refuses any move out of a closed opportunity', () => {
    const won = moveStage(open, DEFAULT_STAGES, 'won', actor, at);
    expect(failure(() => moveStage(won, DEFAULT_STAGES, 'initial', actor, at))).toMatchObject({
      status: 422,
      code: 'opportunity_closed',
    });
  });

  it('refuses the same stage and unknown stages', () => {
    expect(failure(() => moveStage(open, DEFAULT_STAGES, 'initial', actor, at)).code).toBe('same_stage');
    expect(failure(() => moveStage(open, DEFAULT_STAGES, 'nope', actor, at)).paths).toEqual([
      'body.stage:unknown_stage',
    ]);
  });
});

describe('leads', () => {
  it('refuses to touch a converted lead with 409 already_converted', () => {
    expect(failure(() => assertLeadOpen({ status: 'converted', customerId: 'C1' }))).toMatchObject({
      status: 409,
      code: 'already_converted',
    });
    expect(() => assertLeadOpen({ status: 'qualified', customerId: null })).not.toThrow();
  });
});

describe('contract status', () => {
  it('signs a draft that has a signing date', () => {
    expect(nextStatus('draft', 'signed', '2026-03-01')).toBe('signed');
    expect(failure(() => nextStatus('draft', 'signed', null)).code).toBe('signed_on_required');
  });

  it('completes or terminates a signed contract, and nothing moves a closed one', () => {
    expect(nextStatus('signed', 'completed', '2026-03-01')).toBe('completed');
    expect(nextStatus('draft', 'terminated', null)).toBe('terminated');
    expect(failure(() => nextStatus('completed', 'signed', '2026-03-01')).code).toBe('contract_closed');
    expect(failure(() => nextStatus('signed', 'draft', '2026-03-01')).code).toBe('invalid_transition');
  });

  it('keeps the signing date of a signed contract', () => {
    expect(failure(() => nextStatus('signed', undefined, null)).code).toBe('signed_on_required');
  });

  it('refuses an end before the start with the field path', () => {
    expect(
      failure(() => checkDates({ signedOn: null, startsOn: '2026-05-01', endsOn: '2026-04-30' })),
    ).toMatchObject({
      status: 400,
      paths: ['body.endsOn:ends_before_start'],
    });
    expect(() => checkDates({ signedOn: null, startsOn: '2026-05-01', endsOn: '2026-05-01' })).not.toThrow();
  });
});

describe('contract money', () => {
  it('recomputes outstanding and unplanned amounts for a new total', () => {
    expect(retotal({ receivedFen: 300, plannedFen: 500 }, 1000)).toEqual({
      totalFen: 1000,
      outstandingFen: 700,
      unplannedFen: 500,
    });
  });

  it('never lowers the total below what was received or planned', () => {
    expect(failure(() => retotal({ receivedFen: 300, plannedFen: 0 }, 299)).code).toBe(
      'total_below_received',
    );
    expect(failure(() => retotal({ receivedFen: 0, plannedFen: 500 }, 499)).code).toBe('total_below_planned');
  });

  it('keeps payment plans within the total', () => {
    expect(() => assertPlanFits({ totalFen: 1000, plannedFen: 600 }, 400)).not.toThrow();
    expect(failure(() => assertPlanFits({ totalFen: 1000, plannedFen: 600 }, 401))).toMatchObject({
      status: 422,
      code: 'plan_exceeds_total',
    });
  });

  it('takes a payment up to the outstanding amount of the contract and of the plan', () => {
    expect(applyPayment({ outstandingFen: 500 }, null, 500)).toEqual({
      contractOutstanding: 0,
      planOutstanding: null,
    });
    expect(failure(() => applyPayment({ outstandingFen: 500 }, null, 501)).code).toBe('overpayment');
    expect(applyPayment({ outstandingFen: 500 }, { amountFen: 300, receivedFen: 100 }, 200)).toEqual({
      contractOutstanding: 300,
      planOutstanding: 0,
    });
    expect(
      failure(() => applyPayment({ outstandingFen: 500 }, { amountFen: 300, receivedFen: 100 }, 201)).code,
    ).toBe('plan_overpayment');
  });

  it('takes payments on signed and completed contracts only', () => {
    expect(() => assertTakesPayments({ status: 'signed' })).not.toThrow();
    expect(() => assertTakesPayments({ status: 'completed' })).not.toThrow();
    expect(failure(() => assertTakesPayments({ status: 'draft' })).code).toBe('contract_not_signed');
    expect(failure(() => assertTakesPayments({ status: 'terminated' })).code).toBe('contract_not_signed');
  });
});

describe('data scope', () => {
  const viewer = (userId: string, rolePath: string, extra: Partial<Viewer> = {}): Viewer => ({
    userId,
    rolePath,
    isAdmin: false,
    permissions: new Set(),
    ...extra,
  });
  const record = { ownerId: 'REP', ownerRolePath: '/R/M/P' };

  it('shows a lead to its owner, superiors, admins and viewAll holders only', () => {
    expect(canSeeLead(viewer('REP', '/R/M/P'), record)).toBe(true);
    expect(canSeeLead(viewer('BOSS', '/R/M'), record)).toBe(true);
    expect(canSeeLead(viewer('PEER', '/R/M/P'), record)).toBe(false);
    expect(canSeeLead(viewer('INTERN', '/R/M/P/I'), record)).toBe(false);
    expect(canSeeLead(viewer('ADMIN', '/R', { isAdmin: true }), record)).toBe(true);
    expect(canSeeLead(viewer('AUDIT', '/R/A', { permissions: new Set(['customers.viewAll']) }), record)).toBe(
      true,
    );
  });

  it("shows a deal to whoever sees its customer, and to the deal's own owner and superiors", () => {
    expect(canSeeDeal(viewer('PEER', '/R/M/P'), record, true)).toBe(true);
    expect(canSeeDeal(viewer('PEER', '/R/M/P'), record, false)).toBe(false);
    expect(canSeeDeal(viewer('REP', '/R/M/P'), record, false)).toBe(true);
    expect(canSeeDeal(viewer('BOSS', '/R/M'), record, false)).toBe(true);
    expect(canEditDeal(viewer('PEER', '/R/M/P'), record, false)).toBe(false);
    expect(canEditDeal(viewer('SHARED', '/R/M/P'), record, true)).toBe(true);
  });
});

describe('date reminders', () => {
  it('computes the tenant-local date of an instant', () => {
    // 16:30 UTC is 00:30 the next day in Shanghai
    expect(localDate(new Date('2026-03-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(localDate(new Date('2026-03-31T16:30:00Z'), 'Europe/London')).toBe('2026-03-31');
  });

  it('spans from today to N days ahead, across month ends', () => {
    expect(reminderWindow('2026-01-30', 3)).toEqual({ from: '2026-01-30', to: '2026-02-02' });
    expect(reminderWindow('2026-01-30', 0)).toEqual({ from: '2026-01-30', to: '2026-01-30' });
  });

  it('dedupes per contract end date and per plan due date', () => {
    const contract = {
      id: 'K1',
      title: '年度服务',
      customerName: '甲公司',
      endsOn: '2026-06-30',
      ownerId: 'U1',
    };
    expect(contractExpiryReminder(contract)).toMatchObject({
      userId: 'U1',
      kind: 'contractExpiry',
      dedupeKey: 'contract-expiry:K1:2026-06-30',
      link: '/v1/contracts/K1',
    });
    expect(contractExpiryReminder({ ...contract, endsOn: '2026-12-31' }).dedupeKey).toBe(
      'contract-expiry:K1:2026-12-31',
    );
    const plan = paymentDueReminder({
      id: 'P1',
      contractId: 'K1',
      dueOn: '2026-04-01',
      amountFen: 123456,
      receivedFen: 23456,
      ownerId: 'U1',
      contractTitle: '年度服务',
      customerName: '甲公司',
    });
    expect(plan).toMatchObject({ kind: 'paymentDue', dedupeKey: 'payment-due:P1:2026-04-01' });
    expect(plan.body).toContain('¥1000.00');
  });
});
