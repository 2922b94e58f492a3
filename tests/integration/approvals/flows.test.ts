import { beforeAll, describe, expect, it } from 'vitest';
import { handler as createFlow } from '#functions/approvals/create-flow.ts';
import { handler as deleteFlow } from '#functions/approvals/delete-flow.ts';
import { handler as getFlow } from '#functions/approvals/get-flow.ts';
import { handler as listFlows } from '#functions/approvals/list-flows.ts';
import { handler as updateFlow } from '#functions/approvals/update-flow.ts';
import { invoke } from '#tests/support/api.ts';
import { type Company, company, expense, expenseFlow, flow, must, read, request } from './world.ts';

let c: Company;
beforeAll(async () => {
  c = await company();
});

describe('approval flows', () => {
  it('creates a flow at version 1 with its ETag and Location, and lists it', async () => {
    const res = await invoke('POST /v1/approval-flows', createFlow, {
      as: c.admin,
      body: {
        name: '请假',
        type: 'leave',
        steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/v1/approval-flows/${res.body.id}`);
    expect(res.body).toMatchObject({
      type: 'leave',
      version: 1,
      onReject: 'end',
      whenNoApprover: 'autoApprove',
    });
    expect(res.body.steps[0].mode).toBe('sequential');
    const listed = await invoke('GET /v1/approval-flows', listFlows, { as: c.rep, query: { type: 'leave' } });
    expect(listed.body.items.map((f: { id: string }) => f.id)).toContain(res.body.id);
  });

  it('refuses a definition with bad steps with field errors, creating nothing', async () => {
    const res = await invoke('POST /v1/approval-flows', createFlow, {
      as: c.admin,
      body: {
        name: '坏流程',
        type: 'expense',
        steps: [
          { name: 'a', approvers: { kind: 'users' } },
          {
            name: 'b',
            approvers: { kind: 'superior', level: 1 },
            when: { field: 'nope', op: 'gt', value: 1 },
          },
        ],
        bogus: true,
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.steps.0.approvers.userIds', 'body']));
    const unknown = await invoke('POST /v1/approval-flows', createFlow, {
      as: c.admin,
      body: {
        name: '坏流程',
        type: 'expense',
        steps: [
          {
            name: 'b',
            approvers: { kind: 'role', roleId: c.outsider.roleId },
            when: { field: 'nope', op: 'gt', value: 1 },
          },
        ],
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
      'not_numeric',
      'unknown_role',
    ]);
    const listed = await invoke('GET /v1/approval-flows', listFlows, {
      as: c.admin,
      query: { limit: '100' },
    });
    expect(listed.body.items.map((f: { name: string }) => f.name)).not.toContain('坏流程');
  });

  it('needs approvals.manage to define flows', async () => {
    const res = await invoke('POST /v1/approval-flows', createFlow, {
      as: c.rep,
      body: { name: 'x', type: 'general', steps: [{ name: 'a', approvers: { kind: 'superior', level: 1 } }] },
    });
    expect(res.status).toBe(403);
  });

  it('makes a new version on edit while a running request keeps its own', async () => {
    const f = await expenseFlow(c);
    const running = await request(c.rep, { flowId: f.id, form: expense(1000) });
    const edited = await invoke('PATCH /v1/approval-flows/{id}', updateFlow, {
      as: c.admin,
      params: { id: f.id },
      headers: { 'if-match': '"1"' },
      body: {
        name: '报销（新）',
        type: 'expense',
        steps: [{ name: '总监', approvers: { kind: 'users', userIds: [c.director.userId] } }],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.headers.etag).toBe('"2"');
    const stale = await invoke('PATCH /v1/approval-flows/{id}', updateFlow, {
      as: c.admin,
      params: { id: f.id },
      headers: { 'if-match': '"1"' },
      body: { name: 'x', steps: [{ name: 'a', approvers: { kind: 'superior', level: 1 } }] },
    });
    expect(stale.status).toBe(412);
    // The running request goes on through the old version's three steps.
    await must('approve', c.manager, running.id);
    const afterFinance = await must('approve', c.finance, running.id);
    expect(afterFinance).toMatchObject({ status: 'approved', flowVersion: 1 });
    // A new request runs on version 2.
    const fresh = await request(c.rep, { flowId: f.id, form: expense(1000) });
    expect(fresh).toMatchObject({ flowVersion: 2, pendingIds: [c.director.userId] });
  });

  it('retires a flow with If-Match: it is gone for new requests, running ones finish', async () => {
    const f = await flow(c.admin, { steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }] });
    const running = await request(c.rep, { flowId: f.id });
    const gone = await invoke('DELETE /v1/approval-flows/{id}', deleteFlow, {
      as: c.admin,
      params: { id: f.id },
      headers: { 'if-match': '"1"' },
    });
    expect(gone.status).toBe(204);
    expect(
      (await invoke('GET /v1/approval-flows/{id}', getFlow, { as: c.admin, params: { id: f.id } })).status,
    ).toBe(404);
    expect((await read(c.rep, running.id)).body.status).toBe('pending');
    expect(await must('approve', c.manager, running.id)).toMatchObject({ status: 'approved' });
  });

  it('answers 404 for another tenant’s flow', async () => {
    const f = await flow(c.admin, { steps: [{ name: '主管', approvers: { kind: 'superior', level: 1 } }] });
    const res = await invoke('GET /v1/approval-flows/{id}', getFlow, {
      as: c.outsider,
      params: { id: f.id },
    });
    expect(res.status).toBe(404);
  });
});
