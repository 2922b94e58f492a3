import { beforeAll, describe, expect, it } from 'vitest';
import { handler as countApprovals } from '#functions/approvals/count-approvals.ts';
import { pendingCount, pendingForUser } from '#lib/approvals/lists.ts';
import { AUTH_READS, type Caller, invoke, itemsRead } from '#tests/support/api.ts';
import { act, type Company, company, flow, list, listIds, must, read, request } from './world.ts';

let c: Company;
let flowId: string;
beforeAll(async () => {
  c = await company();
  flowId = (
    await flow(c.admin, {
      steps: [
        { name: '主管', approvers: { kind: 'superior', level: 1 }, ccUserIds: [c.finance2.userId] },
        { name: '财务', approvers: { kind: 'users', userIds: [c.finance.userId] } },
      ],
    })
  ).id;
});

describe('the four lists', () => {
  it('lists submitted, pending, handled and cc’d requests newest first, moving as the request moves', async () => {
    const first = await request(c.peer, { flowId, title: '第一' });
    const second = await request(c.peer, { flowId, title: '第二' });
    expect((await listIds(c.peer, 'submitted')).slice(0, 2)).toEqual([second.id, first.id]);
    expect(await listIds(c.manager, 'pending')).toEqual(expect.arrayContaining([second.id, first.id]));
    await must('approve', c.manager, first.id);
    expect(await listIds(c.manager, 'pending')).not.toContain(first.id);
    expect((await listIds(c.manager, 'handled'))[0]).toBe(first.id);
    expect(await listIds(c.finance, 'pending')).toContain(first.id);
    expect((await listIds(c.finance2, 'cc'))[0]).toBe(first.id);
    const entry = (await list(c.peer, 'submitted')).body.items.find((i: { id: string }) => i.id === first.id);
    expect(entry).toMatchObject({
      status: 'pending',
      currentStepName: '财务',
      pendingIds: [c.finance.userId],
      submitterName: '李四',
    });
    await must('approve', c.finance, first.id);
    const done = (await list(c.peer, 'submitted')).body.items.find((i: { id: string }) => i.id === first.id);
    expect(done).toMatchObject({ status: 'approved', currentStepName: null });
    expect((await list(c.finance2, 'cc')).body.items[0]).toMatchObject({ id: first.id, status: 'approved' });
  });

  it('filters by status from the status partition', async () => {
    const r = await request(c.peer, { flowId, title: '撤回的' });
    await must('withdraw', c.peer, r.id);
    expect(await listIds(c.peer, 'submitted', { status: 'withdrawn' })).toContain(r.id);
    expect(await listIds(c.peer, 'submitted', { status: 'pending' })).not.toContain(r.id);
    expect(await listIds(c.manager, 'pending', { status: 'approved' })).toEqual([]);
    expect(await listIds(c.manager, 'pending')).not.toContain(r.id);
  });

  it('pages with a cursor, reading about what it returns', async () => {
    const rep = await c.addUser('翻页员', c.repRole);
    for (let i = 0; i < 5; i += 1) await request(rep, { flowId, title: `第${i}` });
    const page1 = await list(rep, 'submitted', { limit: '3' });
    expect(page1.body.items.map((i: { title: string }) => i.title)).toEqual(['第4', '第3', '第2']);
    expect(itemsRead(page1) - AUTH_READS).toBeLessThanOrEqual(3);
    const page2 = await list(rep, 'submitted', { limit: '3', cursor: page1.body.nextCursor });
    expect(page2.body.items.map((i: { title: string }) => i.title)).toEqual(['第1', '第0']);
    const foreign = await list(c.manager, 'submitted', { cursor: page1.body.nextCursor });
    expect(foreign.status).toBe(400);
    const bad = await list(rep, 'everything');
    expect(bad.status).toBe(400);
  });

  it('counts each list for the workbench, and offers the pending ones to it', async () => {
    const approver = await c.addUser('计数员', c.financeRole);
    const f = await flow(c.admin, {
      steps: [{ name: '计数', approvers: { kind: 'users', userIds: [approver.userId] } }],
    });
    await request(c.rep, { flowId: f.id });
    const r2 = await request(c.rep, { flowId: f.id });
    await must('approve', approver, r2.id);
    const res = await invoke('GET /v1/approvals/counts', countApprovals, { as: approver });
    expect(res.body).toEqual({ submitted: 0, pending: 1, handled: 1, cc: 0, cap: 100 });
    expect(await pendingCount({ tenantId: c.tenantId, userId: approver.userId })).toBe(1);
    const page = await pendingForUser({ tenantId: c.tenantId, userId: approver.userId });
    expect(page.items).toHaveLength(1);
  });
});

describe('who sees a request', () => {
  it('shows it to the submitter, its approvers, cc’d users, the submitter’s superiors and admins only', async () => {
    const r = await request(c.rep, { flowId });
    await must('approve', c.manager, r.id); // cc's finance2
    const cases: Array<[string, Caller, number]> = [
      ['submitter', c.rep, 200],
      ['approver who acted', c.manager, 200],
      ['approver still to act', c.finance, 200],
      ['cc', c.finance2, 200],
      ['superior two levels up', c.director, 200],
      ['admin', c.admin, 200],
      ['peer of the submitter', c.peer, 404],
      ['unrelated rep', c.otherRep, 404],
      ['other tenant', c.outsider, 404],
    ];
    for (const [who, as, status] of cases) {
      expect([who, (await read(as, r.id)).status]).toEqual([who, status]);
    }
  });

  it('does not let a viewer act on it: only whoever must act', async () => {
    const r = await request(c.rep, { flowId });
    const res = await must('approve', c.manager, r.id);
    expect(res.pendingIds).toEqual([c.finance.userId]);
    const director = await read(c.director, r.id);
    expect(director.status).toBe(200);
    expect((await act('approve', c.director, r.id)).status).toBe(409);
    expect((await act('approve', c.peer, r.id)).status).toBe(404);
  });
});
