import { beforeAll, describe, expect, it } from 'vitest';
import { act, batchAct, type Company, company, flow, read, request } from './world.ts';

/**
 * Decisions race: each commits at the version it read, and a loser decides again on what the
 * winner left. These tests fire the racing calls at once and accept exactly the outcomes allowed.
 */

let c: Company;
beforeAll(async () => {
  c = await company();
});

const actionsOf = async (id: string) =>
  (await read(c.admin, id)).body.actions as Array<{
    kind: string;
    actorId: string | null;
    step: number | null;
  }>;

describe('concurrent decisions', () => {
  it('two approvers of an any step approving at once move the request once', async () => {
    const f = await flow(c.admin, {
      steps: [
        { name: '财务', approvers: { kind: 'role', roleId: c.financeRole.id }, mode: 'any' },
        { name: '总监', approvers: { kind: 'users', userIds: [c.director.userId] } },
      ],
    });
    for (let round = 0; round < 3; round += 1) {
      const r = await request(c.rep, { flowId: f.id });
      const answers = await Promise.all([act('approve', c.finance, r.id), act('approve', c.finance2, r.id)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)?.body.code).toBe('not_pending_for_you');
      const detail = (await read(c.admin, r.id)).body;
      expect(detail).toMatchObject({ currentStep: 1, pendingIds: [c.director.userId] });
      expect(detail.steps[0].doneIds).toHaveLength(1);
      expect(detail.actions.filter((a: { kind: string }) => a.kind === 'approve')).toHaveLength(1);
    }
  });

  it('the last two approvers of an all step approving at once both land, and the step completes once', async () => {
    const f = await flow(c.admin, {
      steps: [
        {
          name: '会签',
          approvers: { kind: 'users', userIds: [c.manager.userId, c.finance.userId, c.finance2.userId] },
          mode: 'all',
        },
        { name: '总监', approvers: { kind: 'users', userIds: [c.director.userId] } },
      ],
    });
    for (let round = 0; round < 3; round += 1) {
      const r = await request(c.rep, { flowId: f.id });
      expect((await act('approve', c.manager, r.id)).status).toBe(200);
      const answers = await Promise.all([act('approve', c.finance, r.id), act('approve', c.finance2, r.id)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const detail = (await read(c.admin, r.id)).body;
      expect(detail).toMatchObject({ status: 'pending', currentStep: 1, pendingIds: [c.director.userId] });
      expect([...detail.steps[0].doneIds].sort()).toEqual(
        [c.manager.userId, c.finance.userId, c.finance2.userId].sort(),
      );
      expect(detail.actions.filter((a: { kind: string }) => a.kind === 'approve')).toHaveLength(3);
      expect(detail.version).toBe(detail.actions.length);
    }
  });

  it('approve racing withdraw: either the approval or the withdrawal, consistent with the result', async () => {
    const f = await flow(c.admin, { steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }] });
    for (let round = 0; round < 4; round += 1) {
      const r = await request(c.rep, { flowId: f.id });
      const [approved, withdrawn] = await Promise.all([
        act('approve', c.manager, r.id),
        act('withdraw', c.rep, r.id),
      ]);
      const statuses = [approved.status, withdrawn.status];
      expect([
        [200, 409],
        [409, 200],
      ]).toContainEqual(statuses);
      const final = (await read(c.admin, r.id)).body.status;
      expect(final).toBe(approved.status === 200 ? 'approved' : 'withdrawn');
      const kinds = (await actionsOf(r.id)).map((a) => a.kind);
      expect(kinds).toEqual(
        approved.status === 200 ? ['submit', 'approve', 'approved'] : ['submit', 'withdraw'],
      );
    }
  });

  it('a batch racing a single approval of the same request: one of them approves, the other is told', async () => {
    const f = await flow(c.admin, { steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }] });
    const [a, b, d] = await Promise.all([
      request(c.rep, { flowId: f.id }),
      request(c.rep, { flowId: f.id }),
      request(c.peer, { flowId: f.id }),
    ]);
    const [batch, single] = await Promise.all([
      batchAct(c.manager, { action: 'approve', ids: [a.id, b.id, d.id] }),
      act('approve', c.manager, b.id),
    ]);
    expect(batch.status).toBe(200);
    const results = batch.body.results as Array<{
      id: string;
      ok: boolean;
      status: number;
      code: string | null;
    }>;
    expect(results.find((x) => x.id === a.id)).toMatchObject({ ok: true, status: 200 });
    expect(results.find((x) => x.id === d.id)).toMatchObject({ ok: true, status: 200 });
    const forB = results.find((x) => x.id === b.id);
    expect(forB?.ok === (single.status === 409)).toBe(true);
    expect([forB?.status, single.status].sort()).toEqual([200, 409]);
    const approvals = (await actionsOf(b.id)).filter((x) => x.kind === 'approve');
    expect(approvals).toHaveLength(1);
    expect((await read(c.admin, b.id)).body.status).toBe('approved');
  });

  it('a batch answers per id: approved, not yours, invisible', async () => {
    const f = await flow(c.admin, { steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }] });
    const mine = await request(c.rep, { flowId: f.id });
    const other = await request(c.otherRep, { flowId: f.id });
    const res = await batchAct(c.manager, {
      action: 'reject',
      ids: [mine.id, other.id, c.outsider.userId],
      comment: '不合规',
    });
    expect(res.body.results).toEqual([
      { id: mine.id, ok: true, status: 200, code: null, approvalStatus: 'rejected' },
      { id: other.id, ok: false, status: 404, code: 'not_found', approvalStatus: null },
      { id: c.outsider.userId, ok: false, status: 404, code: 'not_found', approvalStatus: null },
    ]);
    const bad = await batchAct(c.manager, { action: 'maybe', ids: [] });
    expect(bad.status).toBe(400);
  });
});
