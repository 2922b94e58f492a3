import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as createReply } from '#functions/followups/create-reply.ts';
import { handler as listFollowUps } from '#functions/followups/list-followups.ts';
import { handler as listNotifications } from '#functions/notifications/list-notifications.ts';
import { handler as markRead } from '#functions/notifications/mark-read.ts';
import { setClock } from '#lib/clock.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { at, create, followUp, notificationCount, notifications, type World, world } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

const replyTo = (as: Caller, id: string, body: unknown, headers: Record<string, string> = {}) =>
  invoke('POST /v1/followups/{id}/replies', createReply, { as, params: { id }, body, headers });

async function record(author: Caller = w.owner) {
  const c = await create(w.owner);
  const res = await followUp(author, c.id, { content: '客户要求降价 10%' });
  return { customerId: c.id, id: res.body.id as string };
}

describe('replies to a follow-up record', () => {
  it('lets a superior reply, keeps the reply with the record and notifies its author', async () => {
    at('2024-05-06T02:00:00.000Z');
    const r = await record();
    const res = await replyTo(w.manager, r.id, { content: '可以让到 5%，先别答应' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      followupId: r.id,
      authorId: w.manager.userId,
      authorName: '赵经理',
      content: '可以让到 5%，先别答应',
      createdAt: '2024-05-06T02:00:00.000Z',
    });
    const list = await invoke('GET /v1/customers/{id}/followups', listFollowUps, {
      as: w.owner,
      params: { id: r.customerId },
    });
    expect(list.body.items[0].replies).toEqual([
      expect.objectContaining({ id: res.body.id, content: '可以让到 5%，先别答应' }),
    ]);
    const [latest] = await notifications(w.owner);
    expect(latest).toMatchObject({
      kind: 'reply',
      read: false,
      link: `/v1/customers/${r.customerId}/followups`,
    });
    expect(latest?.title).toContain('赵经理');
  });

  it('does not notify an author replying to their own record', async () => {
    const r = await record();
    const before = await notificationCount(w.tenantId, w.owner.userId);
    expect((await replyTo(w.owner, r.id, { content: '补充：客户周五出差' })).status).toBe(201);
    expect(await notificationCount(w.tenantId, w.owner.userId)).toBe(before);
  });

  it('notifies once for a retried reply (same Idempotency-Key)', async () => {
    const r = await record();
    const before = await notificationCount(w.tenantId, w.owner.userId);
    const headers = { 'idempotency-key': `reply-${r.id}` };
    const first = await replyTo(w.manager, r.id, { content: '收到' }, headers);
    const again = await replyTo(w.manager, r.id, { content: '收到' }, headers);
    expect(again.body.id).toBe(first.body.id);
    expect(await notificationCount(w.tenantId, w.owner.userId)).toBe(before + 1);
  });

  it('keeps every one of concurrent replies', async () => {
    const r = await record();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => replyTo(w.manager, r.id, { content: `意见${i}` })),
    );
    expect(results.every((x) => x.status === 201)).toBe(true);
    const list = await invoke('GET /v1/customers/{id}/followups', listFollowUps, {
      as: w.owner,
      params: { id: r.customerId },
    });
    expect(list.body.items[0].replies).toHaveLength(6);
  });

  it('answers 404 to a peer and another tenant, and for an id that is not a record', async () => {
    const r = await record();
    for (const as of [w.peer, w.outsider])
      expect((await replyTo(as, r.id, { content: '我也看看' })).status).toBe(404);
    expect((await replyTo(w.manager, '01HZZZZZZZZZZZZZZZZZZZZZZZ', { content: 'x' })).status).toBe(404);
    expect((await replyTo(w.manager, r.customerId, { content: 'x' })).status).toBe(404);
  });

  it('refuses bad input with nothing written', async () => {
    const r = await record();
    const empty = await replyTo(w.manager, r.id, { content: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toContainEqual(expect.objectContaining({ path: 'body.content' }));
    expect((await replyTo(w.manager, r.id, { content: 'x', to: 'all' })).status).toBe(400);
    expect((await replyTo(w.manager, 'not-an-id', { content: 'x' })).status).toBe(400);
    const list = await invoke('GET /v1/customers/{id}/followups', listFollowUps, {
      as: w.owner,
      params: { id: r.customerId },
    });
    expect(list.body.items[0].replies).toEqual([]);
  });
});

describe('notifications', () => {
  it('lists newest first, filters the unread by key, and marks one read once', async () => {
    const reader = await w.addUser(`读者-${Date.now()}`, w.roles.rep);
    const c = await create(reader);
    for (const [i, iso] of [
      '2024-05-06T01:00:00.000Z',
      '2024-05-06T02:00:00.000Z',
      '2024-05-06T03:00:00.000Z',
    ].entries()) {
      at(iso);
      const f = await followUp(reader, c.id, { content: `记录${i}` });
      expect((await replyTo(w.admin, f.body.id, { content: `回复${i}` })).status).toBe(201);
    }
    const all = await notifications(reader);
    expect(all.map((n) => n.body)).toEqual([
      expect.stringContaining('回复2'),
      expect.stringContaining('回复1'),
      expect.stringContaining('回复0'),
    ]);
    const target = all[1] as { id: string };
    const read = await invoke('POST /v1/notifications/{id}/read', markRead, {
      as: reader,
      params: { id: target.id },
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: target.id, read: true, readAt: expect.any(String) });
    const again = await invoke('POST /v1/notifications/{id}/read', markRead, {
      as: reader,
      params: { id: target.id },
    });
    expect(again.body.readAt).toBe(read.body.readAt);
    const unread = await notifications(reader, { unread: 'true' });
    expect(unread.map((n) => n.id)).toEqual([all[0]?.id, all[2]?.id]);
    expect((await notifications(reader, { limit: '1' })).length).toBe(1);
  });

  it('answers 404 for someone else’s notification and another tenant', async () => {
    const r = await record();
    await replyTo(w.manager, r.id, { content: '看到了' });
    const [mine] = await notifications(w.owner);
    for (const as of [w.peer, w.manager, w.outsider]) {
      const res = await invoke('POST /v1/notifications/{id}/read', markRead, {
        as,
        params: { id: mine?.id as string },
      });
      expect(res.status).toBe(404);
    }
    expect((await notifications(w.owner)).find((n) => n.id === mine?.id)?.read).toBe(false);
    const bad = await invoke('GET /v1/notifications', listNotifications, {
      as: w.owner,
      query: { unread: 'maybe' },
    });
    expect(bad.status).toBe(400);
  });
});
