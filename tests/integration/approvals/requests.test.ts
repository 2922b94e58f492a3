import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as createComment } from '#functions/approvals/create-comment.ts';
import { handler as listComments } from '#functions/approvals/list-comments.ts';
import { handler as submitHandler } from '#functions/approvals/submit-approval.ts';
import { setClock } from '#lib/clock.ts';
import { notifications } from '#tests/integration/followups/world.ts';
import { invoke } from '#tests/support/api.ts';
import {
  act,
  type Company,
  company,
  expense,
  expenseFlow,
  flow,
  list,
  must,
  read,
  request,
  submitRaw,
} from './world.ts';

let c: Company;
beforeAll(async () => {
  c = await company();
});
afterEach(() => setClock(undefined));

const kinds = (actions: Array<{ kind: string }>) => actions.map((a) => a.kind);

describe('a three-step expense flow with a condition', () => {
  it('computes the total, skips the director at or below 5,000 yuan, and cc’s on the finance step', async () => {
    const f = await expenseFlow(c);
    const r = await request(c.rep, { flowId: f.id, form: expense(300_000, 200_000) });
    expect(r.form.totalFen).toBe(500_000);
    expect(r.steps.map((s) => s.skipped)).toEqual([null, null, 'condition']);
    expect(r.pendingIds).toEqual([c.manager.userId]);
    await must('approve', c.manager, r.id, { comment: '同意' });
    const atFinance = (await read(c.rep, r.id)).body;
    expect(atFinance.pendingIds.sort()).toEqual([c.finance.userId, c.finance2.userId].sort());
    const done = await must('approve', c.finance2, r.id);
    expect(done).toMatchObject({ status: 'approved', currentStep: null, pendingIds: [] });
    expect(done.decidedAt).toEqual(expect.any(String));
    const detail = (await read(c.rep, r.id)).body;
    expect(kinds(detail.actions)).toEqual(['submit', 'approve', 'approve', 'cc', 'approved']);
    expect(detail.actions.map((a: { seq: number }) => a.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(detail.actions[1]).toMatchObject({ actorId: c.manager.userId, comment: '同意', step: 0 });
    expect(detail.actions[3]).toMatchObject({ kind: 'cc', userId: c.peer.userId });
  });

  it('adds the director above 5,000 yuan', async () => {
    const f = await expenseFlow(c);
    const r = await request(c.rep, { flowId: f.id, form: expense(500_001) });
    expect(r.steps.map((s) => s.skipped)).toEqual([null, null, null]);
    await must('approve', c.manager, r.id);
    await must('approve', c.finance, r.id);
    const atDirector = (await read(c.rep, r.id)).body;
    expect(atDirector).toMatchObject({ status: 'pending', currentStep: 2, pendingIds: [c.director.userId] });
    expect(await must('approve', c.director, r.id)).toMatchObject({ status: 'approved' });
  });

  it('refuses a bad form with field errors and creates nothing', async () => {
    const f = await expenseFlow(c);
    const res = await submitRaw(c.rep, {
      flowId: f.id,
      form: { lines: [{ date: 'x', category: '', amountFen: -1 }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.form.lines.0.date', 'body.form.lines.0.amountFen']),
    );
    const total = await submitRaw(c.rep, { flowId: f.id, form: { ...expense(1), totalFen: 1 } });
    expect(total.status).toBe(400);
    const unknown = await submitRaw(c.rep, { flowId: c.rep.userId, form: expense(1) });
    expect(unknown.body.errors[0]).toMatchObject({ path: 'body.flowId', code: 'unknown_flow' });
    expect(await notifications(c.manager)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ body: expect.stringContaining('坏') })]),
    );
  });
});

describe('resolving approvers', () => {
  it('resolves every superior up to level 2 from the role tree, one after another', async () => {
    const f = await flow(c.admin, { steps: [{ name: '逐级', approvers: { kind: 'superiors', level: 2 } }] });
    const r = await request(c.rep, { flowId: f.id });
    expect(r.steps[0]?.approverIds).toEqual([c.manager.userId, c.director.userId]);
    expect(r.pendingIds).toEqual([c.manager.userId]);
    const next = await must('approve', c.manager, r.id);
    expect(next.pendingIds).toEqual([c.director.userId]);
    expect(await must('approve', c.director, r.id)).toMatchObject({ status: 'approved' });
  });

  it('resolves the superior at level 2 only', async () => {
    const f = await flow(c.admin, { steps: [{ name: '隔级', approvers: { kind: 'superior', level: 2 } }] });
    expect((await request(c.rep, { flowId: f.id })).pendingIds).toEqual([c.director.userId]);
  });

  it('auto-approves a step nobody resolves to, or sends it to the administrators', async () => {
    const steps = [{ name: '上五级', approvers: { kind: 'superior', level: 5 } }];
    const auto = await flow(c.admin, { steps, whenNoApprover: 'autoApprove' });
    const r1 = await request(c.rep, { flowId: auto.id });
    expect(r1).toMatchObject({ status: 'approved' });
    expect(r1.steps[0]?.skipped).toBe('noApprover');
    const admin = await flow(c.admin, { steps, whenNoApprover: 'admin' });
    const r2 = await request(c.rep, { flowId: admin.id });
    expect(r2).toMatchObject({ status: 'pending', pendingIds: [c.admin.userId] });
  });

  it('skips the submitter as an approver, and approves once for one person in consecutive steps', async () => {
    const f = await flow(c.admin, {
      steps: [
        { name: '经理', approvers: { kind: 'users', userIds: [c.manager.userId] } },
        {
          name: '经理复核',
          approvers: { kind: 'users', userIds: [c.manager.userId, c.director.userId] },
          mode: 'all',
        },
      ],
    });
    const own = await request(c.manager, { flowId: f.id });
    expect(own.steps[0]?.skipped).toBe('submitter');
    expect(own.pendingIds).toEqual([c.director.userId]);
    const r = await request(c.rep, { flowId: f.id });
    const after = await must('approve', c.manager, r.id);
    expect(after.pendingIds).toEqual([c.director.userId]);
    expect(after.steps[1]?.doneIds).toEqual([c.manager.userId]);
    const detail = (await read(c.rep, r.id)).body;
    expect(detail.actions.at(-1)).toMatchObject({
      kind: 'autoApprove',
      userId: c.manager.userId,
      detail: 'duplicate',
    });
  });

  it('takes the approvers the submitter chooses, and asks for them when missing', async () => {
    const f = await flow(c.admin, {
      steps: [{ name: '自选', approvers: { kind: 'submitterChooses' }, mode: 'any' }],
    });
    const missing = await submitRaw(c.rep, { flowId: f.id });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('body.chosenApproverIds');
    const r = await request(c.rep, {
      flowId: f.id,
      chosenApproverIds: [c.finance.userId, c.director.userId],
    });
    expect(r.pendingIds).toEqual([c.finance.userId, c.director.userId]);
  });
});

describe('decisions', () => {
  const twoSteps = () =>
    flow(c.admin, {
      steps: [
        { name: '主管', approvers: { kind: 'superior', level: 1 } },
        { name: '财务', approvers: { kind: 'users', userIds: [c.finance.userId] } },
      ],
      onReject: 'toSubmitter',
    });

  it('returns to step 1: its approvals start over', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    await must('approve', c.manager, r.id);
    const back = await must('return', c.finance, r.id, { toStep: 0, comment: '请补充发票' });
    expect(back).toMatchObject({ currentStep: 0, pendingIds: [c.manager.userId] });
    expect(back.steps[0]?.doneIds).toEqual([]);
    const invalid = await act('return', c.manager, r.id, { toStep: 1 });
    expect(invalid.status).toBe(422);
    await must('approve', c.manager, r.id);
    expect(await must('approve', c.finance, r.id)).toMatchObject({ status: 'approved' });
  });

  it('adds an approver after the current step (加签), who then approves before the next step', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    const added = await must('addApprover', c.manager, r.id, {
      userId: c.director.userId,
      position: 'after',
    });
    expect(added.pendingIds).toEqual([c.manager.userId]);
    expect(added.steps.map((s) => s.approverIds[0])).toEqual([
      c.manager.userId,
      c.director.userId,
      c.finance.userId,
    ]);
    expect((await must('approve', c.manager, r.id)).pendingIds).toEqual([c.director.userId]);
    expect((await must('approve', c.director, r.id)).pendingIds).toEqual([c.finance.userId]);
  });

  it('adds an approver before the caller, who approves again after them', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    const added = await must('addApprover', c.manager, r.id, {
      userId: c.director.userId,
      position: 'before',
    });
    expect(added.pendingIds).toEqual([c.director.userId]);
    expect((await must('approve', c.director, r.id)).pendingIds).toEqual([c.manager.userId]);
  });

  it('transfers a turn to a colleague; the transferor is no longer asked', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    const moved = await must('transfer', c.manager, r.id, { userId: c.director.userId });
    expect(moved.pendingIds).toEqual([c.director.userId]);
    expect((await act('approve', c.manager, r.id)).status).toBe(409);
    expect((await must('approve', c.director, r.id)).pendingIds).toEqual([c.finance.userId]);
    const bad = await act('transfer', c.director, r.id, { userId: c.otherRep.userId });
    expect(bad.status).toBe(409);
    const toNobody = await act('transfer', c.finance, r.id, { userId: c.outsider.userId });
    expect(toNobody.status).toBe(400);
  });

  it('rejects back to the submitter, who resubmits from the start; a rejection that ends cannot be resubmitted', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    await must('approve', c.manager, r.id);
    const rejected = await must('reject', c.finance, r.id, { comment: '金额不符' });
    expect(rejected).toMatchObject({ status: 'rejected', resubmittable: true, pendingIds: [] });
    const again = await must('resubmit', c.rep, r.id);
    expect(again).toMatchObject({
      status: 'pending',
      round: 2,
      currentStep: 0,
      pendingIds: [c.manager.userId],
    });
    const ending = await flow(c.admin, {
      steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }],
    });
    const r2 = await request(c.rep, { flowId: ending.id });
    await must('reject', c.manager, r2.id);
    const refused = await act('resubmit', c.rep, r2.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('not_resubmittable');
  });

  it('lets only the submitter withdraw a pending request, and resubmit it', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    expect((await act('withdraw', c.manager, r.id)).status).toBe(422);
    expect(await must('withdraw', c.rep, r.id)).toMatchObject({ status: 'withdrawn' });
    expect((await act('approve', c.manager, r.id)).status).toBe(409);
    expect((await act('withdraw', c.rep, r.id)).status).toBe(409);
    expect(await must('resubmit', c.rep, r.id)).toMatchObject({ status: 'pending', round: 2 });
  });

  it('keeps every action in order, none rewritten', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    await must('approve', c.manager, r.id);
    await must('reject', c.finance, r.id);
    await must('resubmit', c.rep, r.id);
    const detail = (await read(c.rep, r.id)).body;
    expect(kinds(detail.actions)).toEqual(['submit', 'approve', 'reject', 'resubmit']);
    expect(detail.version).toBe(4);
    expect(detail.actions.every((a: { at: string }) => typeof a.at === 'string')).toBe(true);
  });

  it('reminds the current approvers at most once an hour', async () => {
    setClock(new Date('2026-12-07T01:00:00Z'));
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    expect((await act('remind', c.rep, r.id)).status).toBe(200);
    setClock(new Date('2026-12-07T01:59:00Z'));
    const soon = await act('remind', c.rep, r.id);
    expect(soon.status).toBe(429);
    setClock(new Date('2026-12-07T02:00:00Z'));
    expect((await act('remind', c.rep, r.id)).status).toBe(200);
    const reminders = (await notifications(c.manager)).filter((n) => n.kind === 'approvalRemind');
    expect(reminders.filter((n) => n.title.includes(r.title))).toHaveLength(2);
  });

  it('notifies whoever must act and the submitter of the decision', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id, title: `通知测试-${Date.now()}` });
    expect(
      (await notifications(c.manager)).some((n) => n.kind === 'approvalPending' && n.title.includes(r.title)),
    ).toBe(true);
    await must('approve', c.manager, r.id);
    expect(
      (await notifications(c.finance)).some((n) => n.kind === 'approvalPending' && n.title.includes(r.title)),
    ).toBe(true);
    await must('approve', c.finance, r.id);
    expect(
      (await notifications(c.rep)).some((n) => n.kind === 'approvalDecided' && n.title.includes(r.title)),
    ).toBe(true);
  });

  it('takes comments from anyone who sees the request, oldest first', async () => {
    const r = await request(c.rep, { flowId: (await twoSteps()).id });
    const posted = await invoke('POST /v1/approvals/{id}/comments', createComment, {
      as: c.manager,
      params: { id: r.id },
      body: { content: '发票请附上' },
    });
    expect(posted.status).toBe(201);
    await invoke('POST /v1/approvals/{id}/comments', createComment, {
      as: c.rep,
      params: { id: r.id },
      body: { content: '已附' },
    });
    const listed = await invoke('GET /v1/approvals/{id}/comments', listComments, {
      as: c.rep,
      params: { id: r.id },
    });
    expect(listed.body.items.map((x: { content: string }) => x.content)).toEqual(['发票请附上', '已附']);
    const stranger = await invoke('POST /v1/approvals/{id}/comments', createComment, {
      as: c.peer,
      params: { id: r.id },
      body: { content: '路过' },
    });
    expect(stranger.status).toBe(404);
    const empty = await invoke('POST /v1/approvals/{id}/comments', createComment, {
      as: c.rep,
      params: { id: r.id },
      body: { content: '' },
    });
    expect(empty.status).toBe(400);
  });
});

describe('input and retries', () => {
  it('answers a retried submission with the first response and submits once', async () => {
    const f = await flow(c.admin, { steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }] });
    const key = `retry-${Date.now()}`;
    const send = () =>
      invoke('POST /v1/approvals', submitHandler, {
        as: c.peer,
        body: { flowId: f.id, title: key },
        headers: { 'idempotency-key': key },
      });
    const [a, b] = [await send(), await send()];
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    const mine = (await list(c.peer, 'submitted', { limit: '100' })).body.items.filter(
      (i: { title: string }) => i.title === key,
    );
    expect(mine).toHaveLength(1);
  });

  it('refuses bad bodies of every action with 400, changing nothing', async () => {
    const f = await flow(c.admin, { steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }] });
    const r = await request(c.rep, { flowId: f.id });
    const bad: Array<[Parameters<typeof act>[0], Record<string, unknown>]> = [
      ['approve', { comment: '' }],
      ['reject', { comment: 1 }],
      ['return', { toStep: -1 }],
      ['addApprover', { userId: c.director.userId, position: 'middle' }],
      ['transfer', { userId: 'nobody' }],
      ['resubmit', { form: 'x' }],
      ['approve', { unknown: true }],
    ];
    for (const [kind, body] of bad) {
      const res = await act(kind, c.manager, r.id, body);
      expect([kind, res.status]).toEqual([kind, 400]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const after = (await read(c.rep, r.id)).body;
    expect(after).toMatchObject({ version: 1, status: 'pending', pendingIds: [c.manager.userId] });
    const badId = await act('approve', c.manager, 'not-an-id');
    expect(badId.status).toBe(400);
  });
});
