import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as createAnnouncement } from '#functions/office/create-announcement.ts';
import { handler as createWorklog } from '#functions/office/create-worklog.ts';
import { handler as listActivity } from '#functions/office/list-activity.ts';
import { officeKeys } from '#lib/db/keys.ts';
import { queryAll } from '#lib/db/query.ts';
import { onActivity } from '#lib/office/activity/service.ts';
import { onAnnouncementChanged } from '#lib/office/consumers.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { stored, streamRecord } from './world.ts';

/**
 * The office's consumers stopped half-way (a crash, a timeout) and delivered again: they finish the
 * job, and nothing is written twice. Deliveries are wrapped with a budget; once spent, the next throws.
 */
const budget = vi.hoisted(() => ({ left: Number.POSITIVE_INFINITY }));
vi.mock('#lib/office/announcements/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#lib/office/announcements/repository.ts')>();
  return {
    ...original,
    deliver: (...args: Parameters<typeof original.deliver>) => {
      if (budget.left <= 0) throw new Error('crashed (write budget spent)');
      budget.left -= 1;
      return original.deliver(...args);
    },
  };
});
vi.mock('#lib/office/activity/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#lib/office/activity/repository.ts')>();
  return {
    ...original,
    putEntry: (...args: Parameters<typeof original.putEntry>) => {
      if (budget.left <= 0) throw new Error('crashed (write budget spent)');
      budget.left -= 1;
      return original.putEntry(...args);
    },
  };
});
afterEach(() => {
  budget.left = Number.POSITIVE_INFINITY;
});

describe('announcement fan-out after a crash', () => {
  it('reaches everyone once when delivered again', async () => {
    const t = await newTenant();
    const reps = await Promise.all([1, 2, 3, 4, 5].map((n) => t.addUser(`销售${n}`, t.roles.rep)));
    const res = await invoke('POST /v1/announcements', createAnnouncement, {
      as: t.admin,
      body: { title: '全员大会', content: '周五下午', audience: { all: true } },
    });
    const key = officeKeys.announcementKey(t.tenantId, res.body.id);
    const record = streamRecord('INSERT', { after: (await stored(key)) as Record<string, unknown> });
    budget.left = 2;
    await expect(onAnnouncementChanged(record)).rejects.toThrow(/crashed/);
    budget.left = Number.POSITIVE_INFINITY;
    expect(await onAnnouncementChanged(record)).toBe(reps.length + 1);
    const items = await queryAll<Record<string, unknown>>({ tenantId: t.tenantId, pk: key.pk });
    const recipients = items.filter((i) => String(i.sk).startsWith('RCPT#')).map((i) => i.userId);
    expect(recipients.sort()).toEqual([t.admin.userId, ...reps.map((r) => r.userId)].sort());
    expect(items.filter((i) => String(i.sk).startsWith('UNREAD#'))).toHaveLength(reps.length + 1);
  });
});

describe('activity projection after a crash', () => {
  it('writes the entry once into each feed when delivered again', async () => {
    const t = await newTenant();
    const manager = await t.addUser('经理', t.roles.manager);
    const rep = await t.addUser('销售', t.roles.rep);
    const log = await invoke('POST /v1/worklogs', createWorklog, {
      as: rep,
      body: { kind: 'daily', period: '2030-05-06', content: '拜访客户' },
    });
    const record = streamRecord('INSERT', {
      after: (await stored(officeKeys.worklogKey(t.tenantId, log.body.id))) as Record<string, unknown>,
    });
    budget.left = 0;
    await expect(onActivity(record)).rejects.toThrow(/crashed/);
    budget.left = Number.POSITIVE_INFINITY;
    expect(await onActivity(record)).toBe(true);
    expect(await onActivity(record)).toBe(true);
    for (const who of [manager, rep, t.admin]) {
      const res = await invoke('GET /v1/activity', listActivity, { as: who });
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([`worklog-${log.body.id}`]);
    }
  });
});
