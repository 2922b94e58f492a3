import { beforeAll, describe, expect, it } from 'vitest';
import { handler as completeTask } from '#functions/office/complete-task.ts';
import { handler as createWorklog } from '#functions/office/create-worklog.ts';
import { handler as getWorkbench } from '#functions/office/get-workbench.ts';
import { handler as listActivity } from '#functions/office/list-activity.ts';
import { customerChildKey, officeKeys } from '#lib/db/keys.ts';
import { onActivity } from '#lib/office/activity/service.ts';
import { followUp } from '#tests/integration/followups/world.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { company, flow, request } from '../approvals/world.ts';
import { create, stored, streamRecord, task, type World, world } from './world.ts';

let w: World;
let done: { followup: string; task: string; worklog: string };
beforeAll(async () => {
  w = await world();
  const c = await create(w.owner);
  const f = await followUp(w.owner, c.id, { content: '电话回访' });
  await onActivity(
    streamRecord('INSERT', {
      after: await stored(customerChildKey(w.tenantId, c.id, 'followup', f.body.id)),
    }),
  );
  const t = await task(w.manager, { assigneeId: w.peer.userId, title: '寄送样品' });
  const before = await stored(officeKeys.taskKey(w.tenantId, t.id));
  await invoke('POST /v1/tasks/{id}/complete', completeTask, { as: w.peer, params: { id: t.id } });
  const after = await stored(officeKeys.taskKey(w.tenantId, t.id));
  const completed = streamRecord('MODIFY', { before, after });
  await onActivity(completed);
  await onActivity(completed); // a delivery again writes nothing new
  const log = await invoke('POST /v1/worklogs', createWorklog, {
    as: w.intern,
    body: { kind: 'daily', period: '2030-05-06', content: '整理客户资料' },
  });
  await onActivity(
    streamRecord('INSERT', { after: await stored(officeKeys.worklogKey(w.tenantId, log.body.id)) }),
  );
  done = {
    followup: `followup-${f.body.id}`,
    task: `task-${t.id}-${after?.completedAt}`,
    worklog: `worklog-${log.body.id}`,
  };
});

const feed = async (as: Caller, query: Record<string, string> = {}) => {
  const res = await invoke('GET /v1/activity', listActivity, { as, query });
  return {
    status: res.status,
    ids: res.status === 200 ? (res.body.items as Array<{ id: string }>).map((i) => i.id) : [],
    body: res.body,
  };
};

describe('activity feed (工作动态)', () => {
  it('shows a superior what everyone below them did, newest first, each thing once', async () => {
    const manager = await feed(w.manager);
    expect(manager.ids).toEqual([done.worklog, done.task, done.followup]);
    expect(manager.body.items[1]).toMatchObject({
      kind: 'taskCompleted',
      actorId: w.peer.userId,
      title: '完成了任务「寄送样品」',
    });
    expect((await feed(w.admin)).ids).toEqual([done.worklog, done.task, done.followup]);
  });

  it('shows a rep their own work and that of those below them, not their peers’', async () => {
    expect((await feed(w.owner)).ids).toEqual([done.worklog, done.followup]);
    expect((await feed(w.peer)).ids).toEqual([done.worklog, done.task]);
    expect((await feed(w.assistant)).ids).toEqual([]);
  });

  it('narrows to one subordinate or one team, and refuses anyone else’s', async () => {
    expect((await feed(w.manager, { userId: w.owner.userId })).ids).toEqual([done.followup]);
    expect((await feed(w.manager, { roleId: w.roles.rep.id })).ids).toEqual([done.worklog]);
    expect((await feed(w.peer, { userId: w.owner.userId })).status).toBe(404);
    expect((await feed(w.outsider, { userId: w.owner.userId })).status).toBe(404);
    expect((await feed(w.owner, { roleId: w.roles.manager.id })).status).toBe(404);
  });

  it('pages without losing or repeating an entry', async () => {
    const first = await feed(w.manager, { limit: '1' });
    expect(first.ids).toEqual([done.worklog]);
    const second = await feed(w.manager, { limit: '1', cursor: first.body.nextCursor });
    const third = await feed(w.manager, { limit: '1', cursor: second.body.nextCursor });
    expect([...second.ids, ...third.ids]).toEqual([done.task, done.followup]);
  });
});

describe('workbench', () => {
  it('brings my open tasks (most urgent first), today, unread announcements and reclaims in one call', async () => {
    const low = await task(w.shared, {
      assigneeId: w.shared.userId,
      priority: 'low',
      dueAt: '2030-01-01T00:00:00.000Z',
    });
    const urgent = await task(w.shared, {
      assigneeId: w.shared.userId,
      priority: 'urgent',
      dueAt: '2030-06-01T00:00:00.000Z',
    });
    const res = await invoke('GET /v1/workbench', getWorkbench, { as: w.shared });
    expect(res.status).toBe(200);
    expect(res.body.tasks.items.map((t: { id: string }) => t.id)).toEqual([urgent.id, low.id]);
    expect(res.body).toMatchObject({
      approvals: { items: [], more: false, count: 0 },
      events: [],
      plans: { items: [] },
      announcements: { items: [] },
    });
    expect(res.body.reclaimSoon).toMatchObject({ items: expect.any(Array), more: false });
  });

  it('shows the approvals waiting for me, with their count', async () => {
    const c = await company();
    const f = await flow(c.admin, {
      steps: [{ name: '经理', approvers: { kind: 'superior', level: 1 }, mode: 'sequential' }],
    });
    const r = await request(c.rep, { flowId: f.id, form: {} });

    const mine = await invoke('GET /v1/workbench', getWorkbench, { as: c.manager });
    const theirs = await invoke('GET /v1/workbench', getWorkbench, { as: c.peer });

    expect(mine.body.approvals).toMatchObject({ count: 1, more: false });
    expect(mine.body.approvals.items.map((a: { id: string }) => a.id)).toEqual([r.id]);
    expect(theirs.body.approvals).toMatchObject({ items: [], count: 0 });
  });
});
