import { randomInt } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as completeTask } from '#functions/office/complete-task.ts';
import { handler as createTask } from '#functions/office/create-task.ts';
import { handler as createComment } from '#functions/office/create-task-comment.ts';
import { handler as deleteTask } from '#functions/office/delete-task.ts';
import { handler as getTask } from '#functions/office/get-task.ts';
import { handler as listComments } from '#functions/office/list-task-comments.ts';
import { handler as listTasks } from '#functions/office/list-tasks.ts';
import { handler as reopenTask } from '#functions/office/reopen-task.ts';
import { handler as updateTask } from '#functions/office/update-task.ts';
import { handler as updateSettings } from '#functions/settings/update-settings.ts';
import { listOutbox } from '#infra/local/outbox.ts';
import { setClock } from '#lib/clock.ts';
import { runOfficeReminders } from '#lib/office/jobs.ts';
import * as org from '#lib/org/service.ts';
import { getSettings } from '#lib/settings/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { at, create, ids, notifications, task, tasks, type World, world } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

const read = (as: Caller, id: string) => invoke('GET /v1/tasks/{id}', getTask, { as, params: { id } });
const patch = (as: Caller, id: string, body: unknown, etag?: string) =>
  invoke('PATCH /v1/tasks/{id}', updateTask, {
    as,
    params: { id },
    body,
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  });
const complete = (as: Caller, id: string) =>
  invoke('POST /v1/tasks/{id}/complete', completeTask, { as, params: { id } });

describe('tasks', () => {
  it('creates a task that lands on the lists of its assignee, creator, participants, cc and their superiors', async () => {
    const res = await invoke('POST /v1/tasks', createTask, {
      as: w.owner,
      body: {
        title: '整理投标文件',
        assigneeId: w.peer.userId,
        participantIds: [w.shared.userId],
        ccUserIds: [w.assistant.userId],
        priority: 'high',
        dueAt: '2030-05-06T18:00:00+08:00',
        labels: ['投标', '投标'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/tasks/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      assigneeId: w.peer.userId,
      assigneeName: '李四',
      createdBy: w.owner.userId,
      priority: 'high',
      dueAt: '2030-05-06T10:00:00.000Z',
      labels: ['投标'],
      status: 'open',
    });
    const id = res.body.id;
    expect(ids(await tasks(w.peer, { view: 'assigned' }))).toContain(id);
    expect(ids(await tasks(w.owner, { view: 'created' }))).toContain(id);
    expect(ids(await tasks(w.shared, { view: 'participating' }))).toContain(id);
    expect(ids(await tasks(w.assistant, { view: 'cc' }))).toContain(id);
    expect(ids(await tasks(w.manager, { view: 'subordinates' }))).toContain(id);
    expect(ids(await tasks(w.owner, { view: 'subordinates' }))).not.toContain(id);
    expect(ids(await tasks(w.peer, { view: 'assigned', status: 'done' }))).not.toContain(id);
    expect((await notifications(w.peer)).some((n) => n.title.includes('整理投标文件'))).toBe(true);
  });

  it('shows a task to the people on it and their superiors, and lets only editors change it', async () => {
    const t = await task(w.owner, {
      assigneeId: w.peer.userId,
      participantIds: [w.shared.userId],
      ccUserIds: [w.assistant.userId],
    });
    for (const who of [w.owner, w.peer, w.shared, w.assistant, w.manager, w.admin])
      expect((await read(who, t.id)).status).toBe(200);
    for (const who of [w.intern, w.outsider]) expect((await read(who, t.id)).status).toBe(404);
    expect((await patch(w.shared, t.id, { title: '参与人改' }, '"1"')).status).toBe(403);
    expect((await patch(w.assistant, t.id, { title: '知会人改' }, '"1"')).status).toBe(403);
    expect((await patch(w.outsider, t.id, { title: '外人改' }, '"1"')).status).toBe(404);
    const byManager = await patch(w.manager, t.id, { title: '经理改', priority: 'urgent' }, '"1"');
    expect(byManager.status).toBe(200);
    expect(byManager.headers.etag).toBe('"2"');
    expect((await read(w.peer, t.id)).body).toMatchObject({
      title: '经理改',
      priority: 'urgent',
      version: 2,
    });
  });

  it('needs If-Match to edit and refuses a stale one', async () => {
    const t = await task(w.owner, { assigneeId: w.owner.userId });
    expect((await patch(w.owner, t.id, { title: '新标题' })).status).toBe(428);
    expect((await patch(w.owner, t.id, { title: '新标题' }, '"1"')).status).toBe(200);
    const stale = await patch(w.owner, t.id, { title: '又一个' }, '"1"');
    expect(stale.status).toBe(412);
    expect((await read(w.owner, t.id)).body.title).toBe('新标题');
  });

  it('moves the task between lists when its people change', async () => {
    const t = await task(w.owner, { assigneeId: w.owner.userId, participantIds: [w.shared.userId] });
    const res = await patch(
      w.owner,
      t.id,
      { assigneeId: w.peer.userId, participantIds: [], ccUserIds: [w.shared.userId] },
      '"1"',
    );
    expect(res.status).toBe(200);
    expect(ids(await tasks(w.owner, { view: 'assigned' }))).not.toContain(t.id);
    expect(ids(await tasks(w.peer, { view: 'assigned' }))).toContain(t.id);
    expect(ids(await tasks(w.shared, { view: 'participating' }))).not.toContain(t.id);
    expect(ids(await tasks(w.shared, { view: 'cc' }))).toContain(t.id);
  });

  it('refuses bad input with 400 problem+json and writes nothing', async () => {
    const before = (await tasks(w.intern, { view: 'created', limit: '100' })).length;
    const unknown = await invoke('POST /v1/tasks', createTask, {
      as: w.intern,
      body: { title: '任务', assigneeId: w.outsider.userId, participantIds: [w.owner.userId] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'body.assigneeId', code: 'unknown_user' }),
    ]);
    const invalid = await invoke('POST /v1/tasks', createTask, {
      as: w.intern,
      body: { title: '', assigneeId: w.owner.userId, priority: 'asap', extra: 1 },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.title', 'body.priority']),
    );
    expect(
      (await invoke('GET /v1/tasks', listTasks, { as: w.intern, query: { view: 'everyone' } })).status,
    ).toBe(400);
    expect((await tasks(w.intern, { view: 'created', limit: '100' })).length).toBe(before);
  });

  it('creates once per Idempotency-Key', async () => {
    const send = () =>
      invoke('POST /v1/tasks', createTask, {
        as: w.shared,
        headers: { 'idempotency-key': `task-${Date.now()}-${Math.random()}` },
        body: { title: '幂等任务', assigneeId: w.shared.userId },
      });
    const key = `task-key-${Math.random()}`;
    const first = await invoke('POST /v1/tasks', createTask, {
      as: w.shared,
      headers: { 'idempotency-key': key },
      body: { title: '幂等任务', assigneeId: w.shared.userId },
    });
    const again = await invoke('POST /v1/tasks', createTask, {
      as: w.shared,
      headers: { 'idempotency-key': key },
      body: { title: '幂等任务', assigneeId: w.shared.userId },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await send()).body.id).not.toBe(first.body.id);
    const mine = (await tasks(w.shared, { view: 'created', limit: '100' })).filter(
      (t) => t.title === '幂等任务',
    );
    expect(mine).toHaveLength(2);
  });

  it('records one completion when a task is completed by many requests at once', async () => {
    const t = await task(w.peer, { assigneeId: w.owner.userId });
    const results = await Promise.all(Array.from({ length: 6 }, () => complete(w.owner, t.id)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    const completions = new Set(results.map((r) => `${r.body.completedAt}/${r.body.completedBy}`));
    expect(completions.size).toBe(1);
    expect((await read(w.owner, t.id)).body).toMatchObject({ status: 'done', version: 2 });
    const done = (await notifications(w.peer)).filter((n) => n.title === `任务已完成：${t.title}`);
    expect(done).toHaveLength(1);
    expect(ids(await tasks(w.owner, { view: 'assigned', status: 'done' }))).toContain(t.id);
    expect(ids(await tasks(w.owner, { view: 'assigned' }))).not.toContain(t.id);
  });

  it('reopens a completed task', async () => {
    const t = await task(w.owner, { assigneeId: w.owner.userId });
    await complete(w.owner, t.id);
    const res = await invoke('POST /v1/tasks/{id}/reopen', reopenTask, { as: w.owner, params: { id: t.id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'open', completedAt: null, version: 3 });
    expect(ids(await tasks(w.owner, { view: 'assigned' }))).toContain(t.id);
    expect(
      (await invoke('POST /v1/tasks/{id}/reopen', reopenTask, { as: w.shared, params: { id: t.id } })).status,
    ).toBe(404);
  });

  it('keeps one level of subtasks, listed on the parent, which cannot go while they remain', async () => {
    const parent = await task(w.owner, { assigneeId: w.owner.userId, title: '项目启动' });
    const sub = await task(w.owner, { assigneeId: w.peer.userId, title: '需求调研', parentId: parent.id });
    expect(sub.parentId).toBe(parent.id);
    const nested = await invoke('POST /v1/tasks', createTask, {
      as: w.owner,
      body: { title: '再下一层', assigneeId: w.owner.userId, parentId: sub.id },
    });
    expect(nested.status).toBe(422);
    await complete(w.peer, sub.id);
    const got = (await read(w.owner, parent.id)).body;
    expect(got.subtasks).toEqual([
      expect.objectContaining({ id: sub.id, title: '需求调研', status: 'done' }),
    ]);
    const version = got.version;
    expect(
      (await invoke('DELETE /v1/tasks/{id}', deleteTask, { as: w.owner, params: { id: parent.id } })).status,
    ).toBe(409);
    expect(
      (await invoke('DELETE /v1/tasks/{id}', deleteTask, { as: w.owner, params: { id: sub.id } })).status,
    ).toBe(204);
    expect((await read(w.owner, parent.id)).body.subtasks).toEqual([]);
    expect((await read(w.owner, parent.id)).body.version).toBe(version + 1);
    expect(
      (await invoke('DELETE /v1/tasks/{id}', deleteTask, { as: w.owner, params: { id: parent.id } })).status,
    ).toBe(204);
    expect((await read(w.owner, parent.id)).status).toBe(404);
    expect(ids(await tasks(w.owner, { view: 'assigned' }))).not.toContain(parent.id);
  });

  it('takes comments from the people on the task', async () => {
    const t = await task(w.owner, { assigneeId: w.peer.userId, ccUserIds: [w.assistant.userId] });
    const res = await invoke('POST /v1/tasks/{id}/comments', createComment, {
      as: w.assistant,
      params: { id: t.id },
      body: { content: '请注意截止时间' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskId: t.id, authorId: w.assistant.userId, content: '请注意截止时间' });
    const list = await invoke('GET /v1/tasks/{id}/comments', listComments, {
      as: w.manager,
      params: { id: t.id },
    });
    expect(list.body.items.map((c: { content: string }) => c.content)).toEqual(['请注意截止时间']);
    const outsider = await invoke('POST /v1/tasks/{id}/comments', createComment, {
      as: w.intern,
      params: { id: t.id },
      body: { content: '看不到' },
    });
    expect(outsider.status).toBe(404);
    expect((await notifications(w.peer)).some((n) => n.body.includes('请注意截止时间'))).toBe(true);
  });

  it("lists a customer's tasks for those who see the customer", async () => {
    const c = await create(w.owner);
    const t = await task(w.owner, { assigneeId: w.owner.userId, customerId: c.id });
    expect(t.customerName).toBe(c.name);
    expect(ids(await tasks(w.manager, { view: 'customer', customerId: c.id }))).toEqual([t.id]);
    const peer = await invoke('GET /v1/tasks', listTasks, {
      as: w.peer,
      query: { view: 'customer', customerId: c.id },
    });
    expect(peer.status).toBe(404);
    const hidden = await invoke('POST /v1/tasks', createTask, {
      as: w.peer,
      body: { title: '别人的客户', assigneeId: w.peer.userId, customerId: c.id },
    });
    expect(hidden.status).toBe(404);
  });
});

describe('task due reminders', () => {
  it('tells the assignee once, however often the job runs', async () => {
    at('2031-02-03T00:00:00.000Z');
    const t = await task(w.owner, {
      assigneeId: w.peer.userId,
      title: '提交周报',
      dueAt: '2031-02-03T02:00:00.000Z',
    });
    at('2031-02-03T01:00:00.000Z');
    expect((await runOfficeReminders({ tenantIds: [w.tenantId] })).notified).toBe(0);
    at('2031-02-03T01:40:00.000Z');
    const first = await runOfficeReminders({ tenantIds: [w.tenantId] });
    const again = await runOfficeReminders({ tenantIds: [w.tenantId] });
    expect(first).toMatchObject({ due: 1, notified: 1, complete: true });
    expect(again).toMatchObject({ due: 0, notified: 0 });
    const told = (await notifications(w.peer)).filter((n) => n.title === '任务即将到期：提交周报');
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain('2031-02-03 10:00');
    // Moving the due time puts it back on the schedule, reminded once more at the new time.
    const current = (await read(w.owner, t.id)).body;
    await patch(w.owner, t.id, { dueAt: '2031-02-03T05:00:00.000Z' }, `"${current.version}"`);
    at('2031-02-03T04:45:00.000Z');
    expect((await runOfficeReminders({ tenantIds: [w.tenantId] })).notified).toBe(1);
  });
});

describe('task due reminders by SMS', () => {
  /** A tenant whose rep has a phone, with task SMS as asked (through PATCH /v1/settings). */
  async function company(taskSms: boolean) {
    const t = await newTenant();
    const settings = await getSettings(t.tenantId);
    const res = await invoke('PATCH /v1/settings', updateSettings, {
      as: t.admin,
      headers: { 'if-match': `"${settings.version}"` },
      body: { reminders: { taskSms } },
    });
    expect(res.status).toBe(200);
    const phone = `+86139${String(randomInt(10_000_000, 99_999_999))}`;
    const user = await org.createUser(t.auth, { name: '任务销售', roleId: t.roles.rep.id, phone });
    return {
      ...t,
      phone,
      rep: { tenantId: t.tenantId, userId: user.id, name: user.name, roleId: t.roles.rep.id },
    };
  }

  it('texts the assignee once when the tenant enables it, however often the job runs', async () => {
    const c = await company(true);
    at('2031-03-03T00:00:00.000Z');
    await task(c.admin, { assigneeId: c.rep.userId, title: '回访客户', dueAt: '2031-03-03T02:00:00.000Z' });
    at('2031-03-03T01:40:00.000Z');

    const first = await runOfficeReminders({ tenantIds: [c.tenantId] });
    const again = await runOfficeReminders({ tenantIds: [c.tenantId] });

    expect(first).toMatchObject({ notified: 1, smsSent: 1 });
    expect(again).toMatchObject({ notified: 0, smsSent: 0 });
    expect((await listOutbox(c.phone)).map((m) => m.text)).toEqual([
      '【任务提醒】任务「回访客户」将于 2031-03-03 10:00 到期',
    ]);
  });

  it('sends none when the tenant has not enabled it', async () => {
    const c = await company(false);
    at('2031-03-03T00:00:00.000Z');
    await task(c.admin, { assigneeId: c.rep.userId, title: '回访客户', dueAt: '2031-03-03T02:00:00.000Z' });
    at('2031-03-03T01:40:00.000Z');

    expect(await runOfficeReminders({ tenantIds: [c.tenantId] })).toMatchObject({ notified: 1, smsSent: 0 });
    expect(await listOutbox(c.phone)).toEqual([]);
  });
});
