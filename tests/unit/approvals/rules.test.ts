import { describe, expect, it } from 'vitest';
import {
  type ApprovalRecord,
  addApprover,
  approve,
  canSee,
  type Directory,
  entriesOf,
  isComplete,
  meets,
  normalizeForm,
  planSteps,
  reject,
  remind,
  resubmit,
  returnTo,
  submit,
  superiorPath,
  transfer,
  waitingOn,
  withdraw,
} from '#lib/approvals/rules.ts';
import type { FlowStep, PlannedStep } from '#lib/approvals/schemas.ts';

const AT = '2026-12-07T01:00:00.000Z';
const LATER = '2026-12-07T02:00:00.000Z';
const u = (name: string) => ({ id: name.toUpperCase().padEnd(26, '0').slice(0, 26), name });
const [rep, mgr, dir, fin, fin2, boss, other] = ['rep', 'mgr', 'dir', 'fin', 'fin2', 'boss', 'other'].map(
  u,
) as [
  ReturnType<typeof u>,
  ReturnType<typeof u>,
  ReturnType<typeof u>,
  ReturnType<typeof u>,
  ReturnType<typeof u>,
  ReturnType<typeof u>,
  ReturnType<typeof u>,
];
const REP_PATH = '/root/dir/mgr/rep';

const dir_: Directory = {
  usersIn: (p) =>
    ({
      '/root': [boss.id],
      '/root/dir': [dir.id],
      '/root/dir/mgr': [mgr.id],
      '/root/dir/mgr/rep': [rep.id],
      '/root/fin': [fin.id, fin2.id],
    })[p] ?? [],
  rolePathOf: (id) => (id === 'FINROLE' ? '/root/fin' : undefined),
  isUser: (id) => [rep, mgr, dir, fin, fin2, boss, other].some((x) => x.id === id),
};

const step = (s: Partial<FlowStep> & Pick<FlowStep, 'approvers'>): FlowStep => ({
  name: 's',
  mode: 'sequential',
  ...s,
});
const planned = (
  approverIds: string[],
  mode: PlannedStep['mode'] = 'sequential',
  extra: Partial<PlannedStep> = {},
): PlannedStep => ({
  name: 'p',
  mode,
  approverIds,
  doneIds: [],
  ccUserIds: [],
  skipped: null,
  added: false,
  ...extra,
});

const start = (steps: PlannedStep[], onReject: 'end' | 'toSubmitter' = 'end') =>
  submit(
    {
      id: '01J00000000000000000000000',
      flow: { id: '01F00000000000000000000000', version: 1, name: '报销', type: 'expense', onReject },
      title: 't',
      form: {},
      attachmentIds: [],
      customerId: null,
      contractId: null,
      submitter: { ...rep, rolePath: REP_PATH },
      steps,
      chosenIds: [],
    },
    AT,
  );

describe('forms', () => {
  it('computes an expense total from its lines and refuses a client total', () => {
    const ok = normalizeForm(
      { type: 'expense', form: [] },
      {
        lines: [
          { date: '2026-12-01', category: '交通', amountFen: 150 },
          { date: '2026-12-02', category: '住宿', amountFen: 250 },
        ],
      },
    );
    expect(ok.form.totalFen).toBe(400);
    const bad = normalizeForm({ type: 'expense', form: [] }, { lines: [], totalFen: 1 });
    expect(bad.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body.form.lines', 'body.form']));
  });

  it('checks custom fields: required, types, options, unknown keys', () => {
    const fields = [
      { key: 'amount', label: '金额', type: 'money' as const, required: true },
      { key: 'kind', label: '类别', type: 'select' as const, options: ['a', 'b'] },
      { key: 'on', label: '日期', type: 'date' as const },
    ];
    const { errors } = normalizeForm(
      { type: 'custom', form: fields },
      { amount: 1.5, kind: 'c', on: '2026-13-45', x: 1 },
    );
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['body.form.x', 'unknown_field'],
      ['body.form.amount', 'invalid_value'],
      ['body.form.kind', 'invalid_value'],
      ['body.form.on', 'invalid_value'],
    ]);
    expect(normalizeForm({ type: 'custom', form: fields }, {}).errors).toEqual([
      expect.objectContaining({ path: 'body.form.amount', code: 'required' }),
    ]);
  });

  it('meets conditions only on numbers', () => {
    expect(meets({ field: 'totalFen', op: 'gt', value: 500_000 }, { totalFen: 500_001 })).toBe(true);
    expect(meets({ field: 'totalFen', op: 'gt', value: 500_000 }, { totalFen: 500_000 })).toBe(false);
    expect(meets({ field: 'totalFen', op: 'gte', value: 5 }, { totalFen: 5 })).toBe(true);
    expect(meets({ field: 'totalFen', op: 'lt', value: 5 }, { totalFen: '1' })).toBe(false);
    expect(meets({ field: 'days', op: 'eq', value: 3 }, { days: 3 })).toBe(true);
    expect(meets(undefined, {})).toBe(true);
  });
});

describe('resolving approvers', () => {
  it('walks up the role path', () => {
    expect(superiorPath(REP_PATH, 1)).toBe('/root/dir/mgr');
    expect(superiorPath(REP_PATH, 3)).toBe('/root');
    expect(superiorPath(REP_PATH, 4)).toBeNull();
  });

  it('plans superiors, roles, named users; no approver, the submitter and conditions', () => {
    const plan = planSteps(
      {
        whenNoApprover: 'autoApprove',
        steps: [
          step({ approvers: { kind: 'superiors', level: 2 } }),
          step({ approvers: { kind: 'role', roleId: 'FINROLE' }, mode: 'any' }),
          step({ approvers: { kind: 'superior', level: 9 } }),
          step({ approvers: { kind: 'users', userIds: [rep.id] } }),
          step({
            approvers: { kind: 'users', userIds: [dir.id] },
            when: { field: 'totalFen', op: 'gt', value: 10 },
          }),
        ],
      },
      { totalFen: 5 },
      { id: rep.id, rolePath: REP_PATH },
      dir_,
    );
    expect(plan.map((s) => [s.approverIds, s.skipped])).toEqual([
      [[mgr.id, dir.id], null],
      [[fin.id, fin2.id], null],
      [[], 'noApprover'],
      [[], 'submitter'],
      [[], 'condition'],
    ]);
  });

  it('sends an unresolved step to the administrators when the flow says so', () => {
    const [s] = planSteps(
      { whenNoApprover: 'admin', steps: [step({ approvers: { kind: 'role', roleId: 'GONE' } })] },
      {},
      { id: rep.id, rolePath: REP_PATH },
      dir_,
    );
    expect(s?.approverIds).toEqual([boss.id]);
  });
});

describe('step modes', () => {
  it('waits on one at a time (sequential), everyone (all), anyone (any)', () => {
    expect(waitingOn(planned([mgr.id, dir.id]))).toEqual([mgr.id]);
    expect(waitingOn(planned([mgr.id, dir.id], 'sequential', { doneIds: [mgr.id] }))).toEqual([dir.id]);
    expect(waitingOn(planned([mgr.id, dir.id], 'all', { doneIds: [dir.id] }))).toEqual([mgr.id]);
    expect(waitingOn(planned([mgr.id, dir.id], 'any'))).toEqual([mgr.id, dir.id]);
    expect(waitingOn(planned([mgr.id, dir.id], 'any', { doneIds: [dir.id] }))).toEqual([]);
    expect(isComplete(planned([mgr.id, dir.id], 'all', { doneIds: [dir.id] }))).toBe(false);
    expect(isComplete(planned([], 'all', { skipped: 'condition' }))).toBe(true);
  });
});

describe('transitions', () => {
  it('submits straight to approved when every step passes by itself', () => {
    const t = start([planned([], 'sequential', { skipped: 'noApprover' })]);
    expect(t.next).toMatchObject({ status: 'approved', decidedAt: AT, pendingIds: [], version: 3 });
    expect(t.actions.map((a) => a.kind)).toEqual(['submit', 'autoApprove', 'approved']);
  });

  it('moves an any step on the first approval and tells the next approver', () => {
    const { next } = start([planned([fin.id, fin2.id], 'any'), planned([dir.id])]);
    const t = approve(next, fin2, '好', LATER);
    expect(t.next).toMatchObject({ currentStep: 1, pendingIds: [dir.id], version: 2 });
    expect(t.notices.map((n) => [n.userId, n.kind])).toEqual([[dir.id, 'approvalPending']]);
    expect(() => approve(t.next, fin, null, LATER)).toThrow(/not waiting for you/);
  });

  it('completes an all step with the last approval only', () => {
    const { next } = start([planned([fin.id, fin2.id], 'all')]);
    const one = approve(next, fin, null, LATER).next;
    expect(one).toMatchObject({ status: 'pending', pendingIds: [fin2.id] });
    expect(one.pendingSince[fin2.id]).toBe(AT);
    expect(approve(one, fin2, null, LATER).next.status).toBe('approved');
  });

  it('approves once for one person in consecutive steps', () => {
    const { next } = start([planned([mgr.id]), planned([mgr.id, dir.id], 'all')]);
    const t = approve(next, mgr, null, LATER);
    expect(t.next.steps[1]?.doneIds).toEqual([mgr.id]);
    expect(t.next.pendingIds).toEqual([dir.id]);
    expect(t.actions.map((a) => a.kind)).toEqual(['approve', 'autoApprove']);
  });

  it('cc’s a passed step’s users once', () => {
    const { next } = start([planned([mgr.id], 'sequential', { ccUserIds: [other.id] }), planned([dir.id])]);
    const t = approve(next, mgr, null, LATER);
    expect(t.next.cc).toEqual({ [other.id]: LATER });
    expect(t.notices.map((n) => n.kind).sort()).toEqual(['approvalCc', 'approvalPending']);
  });

  it('rejects to the end, or back to the submitter for a resubmission from step 1', () => {
    const ending = reject(start([planned([mgr.id])]).next, mgr, null, LATER).next;
    expect(ending).toMatchObject({ status: 'rejected', resubmittable: false });
    expect(() => resubmit(ending, rep, {}, [planned([mgr.id])], LATER)).toThrow(/submit a new one/);
    const back = reject(
      start([planned([mgr.id]), planned([dir.id])], 'toSubmitter').next,
      mgr,
      null,
      LATER,
    ).next;
    const again = resubmit(back, rep, {}, [planned([mgr.id]), planned([dir.id])], LATER).next;
    expect(again).toMatchObject({
      status: 'pending',
      round: 2,
      currentStep: 0,
      pendingIds: [mgr.id],
      decidedAt: null,
    });
    expect(again.pendingSince[mgr.id]).toBe(LATER);
  });

  it('withdraws only by the submitter while pending', () => {
    const { next } = start([planned([mgr.id])]);
    expect(() => withdraw(next, mgr, LATER)).toThrow(/Only the submitter/);
    const w = withdraw(next, rep, LATER).next;
    expect(w).toMatchObject({ status: 'withdrawn', pendingIds: [] });
    expect(() => withdraw(w, rep, LATER)).toThrow(/withdrawn already/);
    expect(() => approve(w, mgr, null, LATER)).toThrow(/withdrawn already/);
  });

  it('returns to an earlier step with approvers, clearing what was approved since', () => {
    const { next } = start([
      planned([mgr.id]),
      planned([], 'sequential', { skipped: 'condition' }),
      planned([dir.id]),
    ]);
    const atDir = approve(next, mgr, null, LATER).next;
    expect(atDir.currentStep).toBe(2);
    expect(() => returnTo(atDir, dir, 1, null, LATER)).toThrow(/earlier step/);
    expect(() => returnTo(atDir, dir, 2, null, LATER)).toThrow(/earlier step/);
    const back = returnTo(atDir, dir, 0, '补材料', LATER).next;
    expect(back).toMatchObject({ currentStep: 0, pendingIds: [mgr.id] });
    expect(back.steps[0]?.doneIds).toEqual([]);
  });

  it('adds an approver before or after, and transfers a turn', () => {
    const { next } = start([planned([mgr.id]), planned([dir.id])]);
    const before = addApprover(next, mgr, other, 'before', LATER).next;
    expect(before.steps.map((s) => s.approverIds)).toEqual([[other.id], [mgr.id], [dir.id]]);
    expect(before.pendingIds).toEqual([other.id]);
    const after = addApprover(next, mgr, other, 'after', LATER).next;
    expect(after.steps.map((s) => s.approverIds)).toEqual([[mgr.id], [other.id], [dir.id]]);
    expect(after.pendingIds).toEqual([mgr.id]);
    expect(() => addApprover(next, mgr, rep, 'after', LATER)).toThrow(/neither the submitter/);
    const moved = transfer(next, mgr, other, null, LATER).next;
    expect(moved.pendingIds).toEqual([other.id]);
    expect(moved.handled).toEqual({ [mgr.id]: LATER });
    expect(() => transfer(next, dir, other, null, LATER)).toThrow(/not waiting for you/);
  });

  it('reminds at most once an hour, by the submitter', () => {
    const { next } = start([planned([mgr.id])]);
    const once = remind(next, rep, AT);
    expect(once.notices.map((n) => [n.userId, n.kind])).toEqual([[mgr.id, 'approvalRemind']]);
    expect(() => remind(once.next, rep, '2026-12-07T01:59:59.000Z')).toThrow(/less than an hour/);
    expect(remind(once.next, rep, LATER).next.remindedAt).toBe(LATER);
    expect(() => remind(next, mgr, AT)).toThrow(/Only the submitter/);
  });
});

describe('visibility and lists', () => {
  const r = (): ApprovalRecord =>
    approve(
      start([planned([mgr.id], 'sequential', { ccUserIds: [other.id] }), planned([dir.id])]).next,
      mgr,
      null,
      LATER,
    ).next;

  it('lets the involved, the submitter’s superiors and admins see a request', () => {
    const viewer = (userId: string, rolePath: string, isAdmin = false) => ({ userId, rolePath, isAdmin });
    expect(canSee(viewer(rep.id, REP_PATH), r())).toBe(true);
    expect(canSee(viewer(other.id, '/root/x'), r())).toBe(true);
    expect(canSee(viewer(boss.id, '/root'), r())).toBe(true);
    expect(canSee(viewer('PEER', REP_PATH), r())).toBe(false);
    expect(canSee(viewer('FIN', '/root/fin'), r())).toBe(false);
    expect(canSee(viewer('ADM', '/elsewhere', true), r())).toBe(true);
  });

  it('derives one entry per list and user, and a status copy for the filterable lists', () => {
    const views = entriesOf(r()).map(
      (e) =>
        `${e.view}:${e.userId === rep.id ? 'rep' : e.userId === mgr.id ? 'mgr' : e.userId === dir.id ? 'dir' : 'other'}:${e.status ?? '*'}`,
    );
    expect(views.sort()).toEqual(
      [
        'submitted:rep:*',
        'submitted:rep:pending',
        'pending:dir:*',
        'handled:mgr:*',
        'handled:mgr:pending',
        'cc:other:*',
        'cc:other:pending',
      ].sort(),
    );
  });
});
