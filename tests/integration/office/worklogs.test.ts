import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as createWorklog } from '#functions/office/create-worklog.ts';
import { handler as createComment } from '#functions/office/create-worklog-comment.ts';
import { handler as getWorklog } from '#functions/office/get-worklog.ts';
import { handler as getCompletion } from '#functions/office/get-worklog-completion.ts';
import { handler as getRules } from '#functions/office/get-worklog-rules.ts';
import { handler as like } from '#functions/office/like-worklog.ts';
import { handler as listComments } from '#functions/office/list-worklog-comments.ts';
import { handler as listWorklogs } from '#functions/office/list-worklogs.ts';
import { handler as putRules } from '#functions/office/put-worklog-rules.ts';
import { handler as unlike } from '#functions/office/unlike-worklog.ts';
import { handler as updateWorklog } from '#functions/office/update-worklog.ts';
import { applyOnce } from '#lib/analytics/repository.ts';
import { setClock } from '#lib/clock.ts';
import { runWorklogReminders } from '#lib/office/jobs.ts';
import { AUTH_READS, type Caller, invoke, itemsRead } from '#tests/support/api.ts';
import { newTenant, type TestUser } from '#tests/support/tenants.ts';
import { at, ids, notifications, type World, world } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

const submit = (as: Caller, body: Record<string, unknown>) =>
  invoke('POST /v1/worklogs', createWorklog, {
    as,
    body: { kind: 'daily', content: '拜访三家客户', ...body },
  });
const list = async (as: Caller, query: Record<string, string>) => {
  const res = await invoke('GET /v1/worklogs', listWorklogs, { as, query });
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${res.text}`);
  return res.body.items as Array<{ id: string; period: string }>;
};
const read = (as: Caller, id: string) => invoke('GET /v1/worklogs/{id}', getWorklog, { as, params: { id } });

describe('work logs', () => {
  it('submits a daily log with the period’s numbers, sent to the author’s superiors', async () => {
    await applyOnce(w.tenantId, `seed-${Math.random()}`, [
      { owner: w.owner.userId, bucket: 'D#2030-03-04', metric: 'followups', n: 3 },
      { owner: w.owner.userId, bucket: 'D#2030-03-04', metric: 'created', n: 2 },
      { owner: w.owner.userId, bucket: 'D#2030-03-04', metric: 'receivedFen', n: 150_000 },
      { owner: w.owner.userId, bucket: 'D#2030-03-05', metric: 'followups', n: 9 },
    ]);
    const res = await submit(w.owner, { period: '2030-03-04', plan: '明天签合同', problems: '报价偏高' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/worklogs/${res.body.id}`);
    expect(res.body).toMatchObject({
      kind: 'daily',
      period: '2030-03-04',
      recipientIds: [w.manager.userId],
      late: false,
      snapshot: {
        from: '2030-03-04',
        to: '2030-03-04',
        followUps: 3,
        newCustomers: 2,
        receivedFen: 150_000,
        contracts: 0,
      },
    });
    const id = res.body.id;
    expect(ids(await list(w.owner, { view: 'mine' }))).toContain(id);
    expect(ids(await list(w.manager, { view: 'received' }))).toContain(id);
    expect(ids(await list(w.manager, { view: 'subordinates' }))).toContain(id);
    expect(ids(await list(w.owner, { view: 'mine', from: '2030-03-05' }))).not.toContain(id);
    expect(ids(await list(w.owner, { view: 'mine', kind: 'weekly' }))).not.toContain(id);
    for (const who of [w.owner, w.manager, w.admin]) expect((await read(who, id)).status).toBe(200);
    for (const who of [w.peer, w.intern, w.outsider]) expect((await read(who, id)).status).toBe(404);
    expect((await notifications(w.manager)).some((n) => n.title.includes('提交了日报'))).toBe(true);
  });

  it('takes one log per author, kind and period: two at once are one 201 and one 409', async () => {
    const results = await Promise.all([
      submit(w.peer, { period: '2030-03-06', content: '第一份' }),
      submit(w.peer, { period: '2030-03-06', content: '第二份' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('duplicate_worklog');
    expect((await list(w.peer, { view: 'mine' })).filter((l) => l.period === '2030-03-06')).toHaveLength(1);
    expect((await submit(w.peer, { kind: 'weekly', period: '2030-W10' })).status).toBe(201);
    expect((await submit(w.peer, { kind: 'monthly', period: '2030-03' })).status).toBe(201);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    for (const body of [
      { kind: 'daily', period: '2030-W10' },
      { kind: 'weekly', period: '2030-03-06' },
      { kind: 'yearly', period: '2030' },
      { period: '2030-03-07', content: '' },
      { period: '2030-03-07', recipientIds: [w.outsider.userId] },
    ]) {
      const res = await submit(w.shared, body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await list(w.shared, { view: 'mine' })).toEqual([]);
  });

  it('answers 400 problem+json to a list from a date after its to', async () => {
    const res = await invoke('GET /v1/worklogs', listWorklogs, {
      as: w.shared,
      query: { from: '2030-03-09', to: '2030-03-01' },
    });

    expect([res.status, res.body.errors?.[0]?.path]).toEqual([400, 'query.to']);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('lets only its author edit, with If-Match', async () => {
    const log = (await submit(w.intern, { period: '2030-03-08' })).body;
    const patch = (as: Caller, etag?: string) =>
      invoke('PATCH /v1/worklogs/{id}', updateWorklog, {
        as,
        params: { id: log.id },
        body: { content: '补充：已回款' },
        ...(etag ? { headers: { 'if-match': etag } } : {}),
      });
    expect((await patch(w.intern)).status).toBe(428);
    expect((await patch(w.intern, '"1"')).status).toBe(200);
    expect((await patch(w.intern, '"1"')).status).toBe(412);
    expect((await patch(w.owner, '"2"')).status).toBe(403);
    expect((await patch(w.outsider, '"2"')).status).toBe(404);
    expect((await read(w.intern, log.id)).body).toMatchObject({ content: '补充：已回款', version: 2 });
  });

  it('takes comments and one like per person', async () => {
    const log = (await submit(w.assistant, { period: '2030-03-09' })).body;
    const c = await invoke('POST /v1/worklogs/{id}/comments', createComment, {
      as: w.manager,
      params: { id: log.id },
      body: { content: '做得好' },
    });
    expect(c.status).toBe(201);
    const comments = await invoke('GET /v1/worklogs/{id}/comments', listComments, {
      as: w.assistant,
      params: { id: log.id },
    });
    expect(comments.body.items.map((x: { content: string }) => x.content)).toEqual(['做得好']);
    await Promise.all(
      [1, 2, 3].map(() =>
        invoke('PUT /v1/worklogs/{id}/like', like, { as: w.manager, params: { id: log.id } }),
      ),
    );
    expect((await read(w.assistant, log.id)).body.likes).toEqual([
      { userId: w.manager.userId, name: w.manager.name },
    ]);
    const after = await invoke('DELETE /v1/worklogs/{id}/like', unlike, {
      as: w.manager,
      params: { id: log.id },
    });
    expect(after.body.likes).toEqual([]);
    expect(
      (await invoke('PUT /v1/worklogs/{id}/like', like, { as: w.peer, params: { id: log.id } })).status,
    ).toBe(404);
  });
});

describe('work-log rules and completion', () => {
  it('reports who submitted on time, late or not at all, and reminds the missing once', async () => {
    const t = await world();
    const rules = [{ kind: 'daily', roleIds: [t.roles.rep.id], dueTime: '18:00' }];
    expect(
      (
        await invoke('PUT /v1/worklog-rules', putRules, {
          as: t.owner,
          headers: { 'if-match': '"0"' },
          body: { rules },
        })
      ).status,
    ).toBe(403);
    const put = await invoke('PUT /v1/worklog-rules', putRules, {
      as: t.admin,
      headers: { 'if-match': '"0"' },
      body: { rules },
    });
    expect(put.status).toBe(200);
    expect((await invoke('GET /v1/worklog-rules', getRules, { as: t.owner })).body.rules).toEqual(rules);
    at('2030-04-01T09:00:00.000Z'); // 17:00 in Shanghai: on time
    await submit(t.peer, { period: '2030-04-01' });
    at('2030-04-01T11:00:00.000Z'); // 19:00: late
    await submit(t.owner, { period: '2030-04-01' });
    const res = await invoke('GET /v1/worklogs/completion', getCompletion, {
      as: t.manager,
      query: { kind: 'daily', period: '2030-04-01' },
    });
    expect(res.status).toBe(200);
    expect(res.body.dueAt).toBe('2030-04-01T10:00:00.000Z');
    expect(res.body.submitted.map((p: { userId: string }) => p.userId)).toEqual([t.peer.userId]);
    expect(res.body.late.map((p: { userId: string }) => p.userId)).toEqual([t.owner.userId]);
    expect(res.body.missing.map((p: { userId: string }) => p.userId).sort()).toEqual(
      [t.shared.userId, t.intern.userId].sort(),
    );
    expect(
      (
        await invoke('GET /v1/worklogs/completion', getCompletion, {
          as: t.owner,
          query: { kind: 'daily', period: '2030-04-01', roleId: t.roles.manager.id },
        })
      ).status,
    ).toBe(404);

    const first = await runWorklogReminders({ tenantIds: [t.tenantId] });
    // The job drew the period's roster: the report now reads it, and says the same.
    const drawn = await invoke('GET /v1/worklogs/completion', getCompletion, {
      as: t.manager,
      query: { kind: 'daily', period: '2030-04-01' },
    });
    const sorted = (b: typeof res.body) => ({
      ...b,
      missing: [...b.missing].sort((x: { userId: string }, y: { userId: string }) =>
        x.userId.localeCompare(y.userId),
      ),
    });
    expect(sorted(drawn.body)).toEqual(sorted(res.body));
    const again = await runWorklogReminders({ tenantIds: [t.tenantId] });
    // Today's two missing, and the four who owed yesterday's log (nobody wrote one).
    expect(first.notified).toBe(6);
    expect(again.notified).toBe(0);
    const owed = async (who: Caller) =>
      (await notifications(who)).filter((n) => n.title === '请提交日报' && n.body.startsWith('2030-04-01'));
    expect(await owed(t.shared)).toHaveLength(1);
    expect(await owed(t.owner)).toHaveLength(0);
  });
});

describe('the completion report once its period’s roster is drawn', () => {
  it('is one Query reading one item per person it shows, following joiners and submissions', async () => {
    const t = await newTenant();
    const reps = [];
    for (let n = 0; n < 14; n++) reps.push(await t.addUser(`销售${n}`, t.roles.rep));
    const rules = [{ kind: 'daily', roleIds: [t.roles.rep.id], dueTime: '18:00' }];
    await invoke('PUT /v1/worklog-rules', putRules, {
      as: t.admin,
      headers: { 'if-match': '"0"' },
      body: { rules },
    });
    at('2030-05-06T08:00:00.000Z'); // 16:00 in Shanghai
    await runWorklogReminders({ tenantIds: [t.tenantId] });
    const [onTime, late] = reps as [TestUser, TestUser, ...TestUser[]];
    await submit(onTime, { period: '2030-05-06' });
    const joiner = await t.addUser('新人', t.roles.rep);
    at('2030-05-06T11:00:00.000Z'); // 19:00: late
    await submit(late, { period: '2030-05-06' });
    await runWorklogReminders({ tenantIds: [t.tenantId] });

    const res = await invoke('GET /v1/worklogs/completion', getCompletion, {
      as: t.admin,
      query: { kind: 'daily', period: '2030-05-06' },
    });

    expect(res.status).toBe(200);
    const userIds = (people: Array<{ userId: string }>) => people.map((p) => p.userId).sort();
    expect(userIds(res.body.submitted)).toEqual([onTime.userId]);
    expect(userIds(res.body.late)).toEqual([late.userId]);
    expect(userIds(res.body.missing)).toEqual([...reps.slice(2), joiner].map((u) => u.userId).sort());
    const returned = res.body.submitted.length + res.body.late.length + res.body.missing.length;
    // The caller's user and role, the roster's marker, and one entry per person shown.
    expect(itemsRead(res)).toBe(AUTH_READS + 1 + returned);
    expect(itemsRead(res) / returned).toBeLessThanOrEqual(1.25);
  });
});
