import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as createWorklog } from '#functions/office/create-worklog.ts';
import { handler as listActivity } from '#functions/office/list-activity.ts';
import { handler as listWorklogs } from '#functions/office/list-worklogs.ts';
import { handler as updateUser } from '#functions/org/update-user.ts';
import { officeKeys, userKey } from '#lib/db/keys.ts';
import { onActivity } from '#lib/office/activity/service.ts';
import { onUserChanged } from '#lib/office/user-changed.ts';
import * as org from '#lib/org/service.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { ids, stored, streamRecord, task, tasks } from './world.ts';

/**
 * `office-owner-sync`: a user moved to another branch of the role tree takes their tasks, work logs
 * and activity to their new superiors' "subordinates" views, even when the sync crashed half-way
 * and was delivered again; a further delivery changes nothing.
 */
const budget = vi.hoisted(() => ({ left: Number.POSITIVE_INFINITY }));
vi.mock('#lib/office/tasks/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#lib/office/tasks/repository.ts')>();
  return {
    ...original,
    commit: (...args: Parameters<typeof original.commit>) => {
      if (budget.left <= 0) throw new Error('crashed (write budget spent)');
      budget.left -= 1;
      return original.commit(...args);
    },
  };
});
afterEach(() => {
  budget.left = Number.POSITIVE_INFINITY;
});

const item = async (key: { pk: string; sk: string }) => (await stored(key)) as Record<string, unknown>;
const worklogsBelow = async (as: Caller) =>
  ids(
    (await invoke('GET /v1/worklogs', listWorklogs, { as, query: { view: 'subordinates', kind: 'daily' } }))
      .body.items,
  );
const activityOf = async (as: Caller) =>
  (
    (await invoke('GET /v1/activity', listActivity, { as, query: {} })).body.items as Array<{ link: string }>
  ).map((a) => a.link);

describe("a user's role change re-keys their office records (office-owner-sync)", () => {
  it('moves tasks, work logs and activity to the new superiors after a crash half-way', async () => {
    const t = await newTenant();
    const branch = await org.createRole(t.auth, {
      name: '二部经理',
      parentId: t.roles.root.id,
      permissions: [],
    });
    const branchRep = await org.createRole(t.auth, {
      name: '二部销售',
      parentId: branch.id,
      permissions: [],
    });
    const oldBoss = await t.addUser('老经理', t.roles.manager);
    const newBoss = await t.addUser('新经理', branch);
    const rep = await t.addUser('张三', t.roles.rep);
    const assigned = await Promise.all([1, 2, 3].map(() => task(oldBoss, { assigneeId: rep.userId })));
    const log = await invoke('POST /v1/worklogs', createWorklog, {
      as: rep,
      body: { kind: 'daily', period: '2030-05-06', content: '拜访客户' },
    });
    await onActivity(
      streamRecord('INSERT', { after: await item(officeKeys.worklogKey(t.tenantId, log.body.id)) }),
    );
    const before = await item(userKey(t.tenantId, rep.userId));
    const moved = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: rep.userId },
      headers: { 'if-match': `"${before.version}"` },
      body: { roleId: branchRep.id },
    });
    expect(moved.status).toBe(200);
    const record = streamRecord('MODIFY', { before, after: await item(userKey(t.tenantId, rep.userId)) });

    budget.left = 1;
    await expect(onUserChanged(record)).rejects.toThrow(/crashed/);
    budget.left = Number.POSITIVE_INFINITY;
    const finished = await onUserChanged(record);
    const again = await onUserChanged(record);

    // The two tasks the crash left, the log, the activity entry; then nothing.
    expect(finished).toBe(4);
    expect(again).toBe(0);
    expect(ids(await tasks(newBoss, { view: 'subordinates' })).sort()).toEqual(ids(assigned).sort());
    expect(await tasks(oldBoss, { view: 'subordinates' })).toEqual([]);
    expect(await worklogsBelow(newBoss)).toEqual([log.body.id]);
    expect(await worklogsBelow(oldBoss)).toEqual([]);
    expect(await activityOf(newBoss)).toContain(`/v1/worklogs/${log.body.id}`);
    expect(await activityOf(oldBoss)).not.toContain(`/v1/worklogs/${log.body.id}`);
    // Each task moved once: one version more than when created.
    for (const a of assigned)
      expect((await item(officeKeys.taskKey(t.tenantId, a.id))).version).toBe(a.version + 1);
  });
});
