import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as createAnnouncement } from '#functions/office/create-announcement.ts';
import { handler as deleteAnnouncement } from '#functions/office/delete-announcement.ts';
import { handler as getAnnouncement } from '#functions/office/get-announcement.ts';
import { handler as getReads } from '#functions/office/get-announcement-reads.ts';
import { handler as listAnnouncements } from '#functions/office/list-announcements.ts';
import { handler as updateAnnouncement } from '#functions/office/update-announcement.ts';
import { setClock } from '#lib/clock.ts';
import { officeKeys } from '#lib/db/keys.ts';
import { onAnnouncementChanged } from '#lib/office/consumers.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { ids, stored, streamRecord, type World, world } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

/** The fan-out the stream runs after a change of the announcement. */
async function fanOut(tenantId: string, id: string, eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'INSERT') {
  const key = officeKeys.announcementKey(tenantId, id);
  const item = (await stored(key)) ?? { ...key, type: 'announcement', id };
  return onAnnouncementChanged(
    streamRecord(eventName, eventName === 'REMOVE' ? { before: item } : { after: item }),
  );
}

async function publish(as: Caller, body: Record<string, unknown>) {
  const res = await invoke('POST /v1/announcements', createAnnouncement, {
    as,
    body: { title: '放假通知', content: '国庆放假七天', ...body },
  });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${res.text}`);
  await fanOut(as.tenantId, res.body.id);
  return res.body as { id: string; version: number; [k: string]: any };
}
const inbox = async (as: Caller, unread = false) => {
  const res = await invoke('GET /v1/announcements', listAnnouncements, {
    as,
    query: unread ? { unread: 'true' } : {},
  });
  if (res.status !== 200) throw new Error(`inbox failed: ${res.status} ${res.text}`);
  return res.body.items as Array<{ id: string; read: boolean; title: string }>;
};
const open = (as: Caller, id: string) =>
  invoke('GET /v1/announcements/{id}', getAnnouncement, { as, params: { id } });
const reads = (as: Caller, id: string) =>
  invoke('GET /v1/announcements/{id}/reads', getReads, { as, params: { id } });

describe('announcements', () => {
  it('needs announcements.publish and refuses bad input, publishing nothing', async () => {
    const denied = await invoke('POST /v1/announcements', createAnnouncement, {
      as: w.owner,
      body: { title: '通知', content: '内容', audience: { all: true } },
    });
    expect(denied.status).toBe(403);
    for (const audience of [{}, { roleIds: [w.owner.userId] }, { userIds: [w.outsider.userId] }]) {
      const res = await invoke('POST /v1/announcements', createAnnouncement, {
        as: w.admin,
        body: { title: '通知', content: '内容', audience },
      });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await inbox(w.owner)).toEqual([]);
  });

  it('reaches a role with everyone below it, pinned first, and tracks who read it', async () => {
    const t = await newTenant();
    const rep = await t.addUser('销售甲', t.roles.rep);
    const manager = await t.addUser('经理乙', t.roles.manager);
    const plain = await publish(t.admin, { title: '普通', audience: { roleIds: [t.roles.manager.id] } });
    const pinned = await publish(t.admin, { title: '置顶', pinned: true, audience: { all: true } });
    expect(ids(await inbox(rep))).toEqual([pinned.id, plain.id]);
    expect(ids(await inbox(t.admin))).toEqual([pinned.id]);
    expect(ids(await inbox(rep, true))).toEqual([pinned.id, plain.id]);

    const opened = await open(rep, plain.id);
    expect(opened.status).toBe(200);
    expect(opened.headers.etag).toBe('"1"');
    await Promise.all([open(rep, plain.id), open(rep, plain.id)]);
    expect(ids(await inbox(rep, true))).toEqual([pinned.id]);
    expect((await inbox(rep)).find((a) => a.id === plain.id)?.read).toBe(true);

    const res = await reads(t.admin, plain.id);
    expect(res.status).toBe(200);
    expect(res.body.read.map((r: { userId: string }) => r.userId)).toEqual([rep.userId]);
    expect(res.body.unread.map((r: { userId: string }) => r.userId)).toEqual([manager.userId]);
    expect((await reads(rep, plain.id)).status).toBe(403);
    expect((await reads(w.outsider, plain.id)).status).toBe(404);
    expect((await open(w.outsider, plain.id)).status).toBe(404);
  });

  it('shows an announcement only within its validity window', async () => {
    const t = await newTenant();
    const rep = await t.addUser('销售丙', t.roles.rep);
    setClock(new Date('2030-01-10T00:00:00.000Z'));
    const later = await publish(t.admin, {
      title: '将来',
      audience: { userIds: [rep.userId] },
      validFrom: '2030-02-01T00:00:00.000Z',
    });
    const past = await publish(t.admin, {
      title: '过去',
      audience: { userIds: [rep.userId] },
      validTo: '2030-01-20T00:00:00.000Z',
    });
    expect(ids(await inbox(rep))).toEqual([past.id]);
    setClock(new Date('2030-02-02T00:00:00.000Z'));
    expect(ids(await inbox(rep))).toEqual([later.id]);
  });

  it('edits with If-Match, the inboxes following; deletes out of every inbox', async () => {
    const t = await newTenant();
    const rep = await t.addUser('销售丁', t.roles.rep);
    const a = await publish(t.admin, { audience: { userIds: [rep.userId] } });
    const patch = (etag?: string) =>
      invoke('PATCH /v1/announcements/{id}', updateAnnouncement, {
        as: t.admin,
        params: { id: a.id },
        body: { title: '放假通知（更正）' },
        ...(etag ? { headers: { 'if-match': etag } } : {}),
      });
    expect((await patch()).status).toBe(428);
    expect((await patch('"1"')).status).toBe(200);
    expect((await patch('"1"')).status).toBe(412);
    await fanOut(t.tenantId, a.id, 'MODIFY');
    expect((await inbox(rep)).map((x) => x.title)).toEqual(['放假通知（更正）']);
    expect(
      (await invoke('DELETE /v1/announcements/{id}', deleteAnnouncement, { as: rep, params: { id: a.id } }))
        .status,
    ).toBe(403);
    expect(
      (
        await invoke('DELETE /v1/announcements/{id}', deleteAnnouncement, {
          as: t.admin,
          params: { id: a.id },
        })
      ).status,
    ).toBe(204);
    await fanOut(t.tenantId, a.id, 'REMOVE');
    expect(await inbox(rep)).toEqual([]);
  });

  it('publishes once per Idempotency-Key, and a repeated fan-out delivers once, keeping what was read', async () => {
    const t = await newTenant();
    const rep = await t.addUser('销售戊', t.roles.rep);
    const send = () =>
      invoke('POST /v1/announcements', createAnnouncement, {
        as: t.admin,
        headers: { 'idempotency-key': 'ann-1' },
        body: { title: '幂等', content: '一次', audience: { all: true } },
      });
    const [first, again] = [await send(), await send()];
    expect(again.body.id).toBe(first.body.id);
    await fanOut(t.tenantId, first.body.id);
    await open(rep, first.body.id);
    await fanOut(t.tenantId, first.body.id);
    expect((await inbox(rep)).map((x) => [x.id, x.read])).toEqual([[first.body.id, true]]);
    expect(await inbox(rep, true)).toEqual([]);
  });
});
