import { afterEach, describe, expect, it } from 'vitest';
import { handler as addOptOut } from '#functions/sms/add-opt-out.ts';
import { listOutbox } from '#infra/local/outbox.ts';
import { setClock } from '#lib/clock.ts';
import * as org from '#lib/org/service.ts';
import { outboxSender, type SmsSender } from '#lib/sms/sender.ts';
import { runBroadcast } from '#lib/sms/worker.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { addContact, freshMobile } from '../contacts/world.ts';
import { create } from '../customers/world.ts';
import { outboxCounts, post, read, runWorker } from './world.ts';

afterEach(() => setClock(undefined));

/**
 * A rep's contacts covering every case: two valid numbers, a contact sharing the first number, a
 * landline only, no number at all, and a number that opted out.
 */
async function arrange() {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const [m1, m2, m3] = [freshMobile(), freshMobile(), freshMobile()];
  const c = await create(rep);
  const a = await addContact(rep, c.id, { name: '甲', mobile: m1 });
  const b = await addContact(rep, c.id, { name: '乙', mobile: m2 });
  const dup = await addContact(rep, c.id, { name: '丙', phone: m1 });
  const landline = await addContact(rep, c.id, { name: '丁', phone: '010-12345678' });
  const none = await addContact(rep, c.id, { name: '戊' });
  const opted = await addContact(rep, c.id, { name: '己', mobile: m3 });
  await invoke('POST /v1/sms/opt-outs', addOptOut, { as: rep, body: { phone: m3 } });
  return { t, rep, c, m1, m2, m3, contacts: { a, b, dup, landline, none, opted } };
}

type Arranged = Awaited<ReturnType<typeof arrange>>;
const allIds = (x: Arranged) => Object.values(x.contacts).map((c) => c.id);

async function started(x: Arranged, text = '新品发布会邀请') {
  const res = await post(x.rep, { contactIds: allIds(x), text });
  if (res.status !== 202) throw new Error(`broadcast failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

describe('POST /v1/sms/broadcasts and the worker', () => {
  it('answers 202 with the id at once; nothing is sent before the worker runs', async () => {
    const x = await arrange();

    const res = await post(x.rep, { contactIds: allIds(x), text: '您好' });

    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String) });
    expect(res.headers.location).toBe(`/v1/sms/broadcasts/${res.body.id}`);
    const queued = await read(x.rep, res.body.id);
    expect(queued.body).toMatchObject({
      status: 'queued',
      counts: { total: 5, pending: 3, sent: 0, failed: 0, optedOut: 0, invalidNumber: 2 },
    });
    expect(await outboxCounts([x.m1, x.m2, x.m3])).toEqual([0, 0, 0]);
  });

  it('sends once per valid number and reports sent, opted_out and invalid_number per recipient', async () => {
    const x = await arrange();
    const id = await started(x);

    const run = await runWorker(x.t.tenantId, id);

    expect(run).toEqual({ batchItemFailures: [] });
    const res = await read(x.rep, id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'completed',
      completedAt: expect.any(String),
      counts: { total: 5, pending: 0, sent: 2, failed: 0, optedOut: 1, invalidNumber: 2 },
    });
    const byPhone = Object.fromEntries(
      res.body.recipients.items.map((r: any) => [r.phone ?? r.contactIds[0], r]),
    );
    expect(byPhone[x.m1]).toMatchObject({
      status: 'sent',
      contactIds: [x.contacts.a.id, x.contacts.dup.id],
      messageId: expect.stringMatching(/^local-/),
    });
    expect(byPhone[x.m2]).toMatchObject({ status: 'sent', contactIds: [x.contacts.b.id] });
    expect(byPhone[x.m3]).toMatchObject({ status: 'opted_out', messageId: null });
    expect(byPhone[x.contacts.landline.id]).toMatchObject({ status: 'invalid_number', phone: null });
    expect(byPhone[x.contacts.none.id]).toMatchObject({ status: 'invalid_number', phone: null });
    expect(await outboxCounts([x.m1, x.m2, x.m3])).toEqual([1, 1, 0]);
    expect((await listOutbox(x.m1))[0]).toMatchObject({ text: '新品发布会邀请', tenantId: x.t.tenantId });
  });

  it('replays a retry with the same Idempotency-Key, and a second worker run sends nothing more', async () => {
    const x = await arrange();
    const headers = { 'idempotency-key': 'broadcast-once' };
    const first = await post(x.rep, { contactIds: allIds(x), text: '一次' }, headers);
    await runWorker(x.t.tenantId, first.body.id);

    const retry = await post(x.rep, { contactIds: allIds(x), text: '一次' }, headers);
    const again = await runWorker(x.t.tenantId, first.body.id);

    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await outboxCounts([x.m1, x.m2, x.m3])).toEqual([1, 1, 0]);
  });

  it('sends each number once when several workers run the same broadcast at once', async () => {
    const x = await arrange();
    const id = await started(x);

    await Promise.all([1, 2, 3].map(() => runWorker(x.t.tenantId, id)));

    expect(await outboxCounts([x.m1, x.m2, x.m3])).toEqual([1, 1, 0]);
    expect((await read(x.rep, id)).body.counts).toMatchObject({ sent: 2, pending: 0 });
  });

  it('never resends after a crash between sending and recording; the next run sends the rest once', async () => {
    const x = await arrange();
    const id = await started(x);
    const outbox = outboxSender();
    let sends = 0;
    const crashing: SmsSender = {
      async send(message) {
        await outbox.send(message);
        sends += 1;
        throw new Error('process killed');
      },
    };

    await expect(runBroadcast(x.t.tenantId, id, { sender: crashing })).rejects.toThrow('process killed');
    const resumed = await runWorker(x.t.tenantId, id);

    expect(sends).toBe(1);
    expect(resumed).toEqual({ batchItemFailures: [] });
    expect(await outboxCounts([x.m1, x.m2, x.m3])).toEqual([1, 1, 0]);
    const res = await read(x.rep, id);
    expect(res.body.counts).toMatchObject({ sent: 1, failed: 1, optedOut: 1, invalidNumber: 2, pending: 0 });
    expect(res.body.recipients.items.filter((r: any) => r.status === 'failed')).toEqual([
      expect.objectContaining({ error: 'outcome_unknown', messageId: null }),
    ]);
  });

  it('takes over from a run killed mid-send once its lease runs out, sending the rest exactly once', async () => {
    const x = await arrange();
    const id = await started(x);
    const outbox = outboxSender();
    let delivered!: () => void;
    const sentOne = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    const killed: SmsSender = {
      async send(message) {
        await outbox.send(message);
        delivered();
        return new Promise(() => {});
      },
    };
    void runBroadcast(x.t.tenantId, id, { sender: killed });
    await sentOne;

    const whileHeld = await runBroadcast(x.t.tenantId, id, { remainingMs: () => 0 });
    setClock(new Date(Date.now() + 5 * 60_000));
    const resumed = await runWorker(x.t.tenantId, id);

    expect(whileHeld).toBe('busy');
    expect(resumed).toEqual({ batchItemFailures: [] });
    expect(await outboxCounts([x.m1, x.m2, x.m3])).toEqual([1, 1, 0]);
    const res = await read(x.rep, id);
    expect(res.body).toMatchObject({ status: 'completed', counts: { sent: 1, failed: 1, pending: 0 } });
  });

  it('reports a message the provider refuses as failed, with its error', async () => {
    const x = await arrange();
    const id = await started(x);
    const refusing: SmsSender = {
      send: async () => ({ status: 'failed', error: 'InvalidParameterException' }),
    };

    await runBroadcast(x.t.tenantId, id, { sender: refusing });

    const res = await read(x.rep, id);
    expect(res.body.counts).toMatchObject({ sent: 0, failed: 2, optedOut: 1, invalidNumber: 2, pending: 0 });
    expect(res.body.recipients.items.find((r: any) => r.phone === x.m2)).toMatchObject({
      status: 'failed',
      error: 'InvalidParameterException',
    });
  });

  it('waits between sends as the rate asks', async () => {
    const x = await arrange();
    const id = await started(x);
    const waits: number[] = [];

    await runBroadcast(x.t.tenantId, id, {
      sendsPerSecond: 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    // Two numbers to send: the second waits for the rest of the first one's 2 s slot.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(2000);
  });

  it('pages the recipients with a cursor', async () => {
    const x = await arrange();
    const id = await started(x);
    await runWorker(x.t.tenantId, id);

    const pages: any[][] = [];
    let cursor: string | null = null;
    do {
      const res = await read(x.rep, id, { limit: '2', ...(cursor ? { cursor } : {}) });
      pages.push(res.body.recipients.items);
      cursor = res.body.recipients.nextCursor;
    } while (cursor);

    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat().map((r) => r.phone ?? r.contactIds[0])).size).toBe(5);
  });
});

describe('who may send to whom', () => {
  it("answers 404 naming the positions of contacts the caller may not see, another tenant's included", async () => {
    const x = await arrange();
    const peer = await x.t.addUser('李四', x.t.roles.rep);
    const other = await newTenant();
    const otherCustomer = await create(other.admin);
    const foreign = await addContact(other.admin, otherCustomer.id, { name: '外人', mobile: freshMobile() });

    const byPeer = await post(peer, { contactIds: [x.contacts.a.id], text: '您好' });
    const mixed = await post(x.rep, { contactIds: [x.contacts.a.id, foreign.id], text: '您好' });

    expect(byPeer.status).toBe(404);
    expect(byPeer.body.errors).toEqual([
      expect.objectContaining({ path: 'body.contactIds.0', code: 'not_found' }),
    ]);
    expect(mixed.status).toBe(404);
    expect(mixed.body.errors).toEqual([expect.objectContaining({ path: 'body.contactIds.1' })]);
  });

  it('lets a superior text the contacts of a subordinate', async () => {
    const x = await arrange();
    const manager = await x.t.addUser('赵经理', x.t.roles.manager);

    const res = await post(manager, { contactIds: [x.contacts.b.id], text: '您好' });

    expect(res.status).toBe(202);
  });

  it('answers 403 without the permission sms.send', async () => {
    const x = await arrange();
    const role = await org.createRole(x.t.auth, {
      name: '客服',
      parentId: x.t.roles.manager.id,
      permissions: [],
    });
    const clerk = await x.t.addUser('客服小王', role);

    const res = await post(clerk, { contactIds: [x.contacts.a.id], text: '您好' });

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('missing_permission');
  });

  it.each([
    ['no contacts', { contactIds: [], text: '您好' }, 'body.contactIds'],
    [
      'too many contacts',
      { contactIds: Array(1001).fill('01J00000000000000000000000'), text: '您好' },
      'body.contactIds',
    ],
    ['a malformed id', { contactIds: ['nope'], text: '您好' }, 'body.contactIds.0'],
    ['no text', { contactIds: ['01J00000000000000000000000'], text: '' }, 'body.text'],
    ['a blank text', { contactIds: ['01J00000000000000000000000'], text: '   ' }, 'body.text'],
    [
      'a control character',
      { contactIds: ['01J00000000000000000000000'], text: '第一行\n第二行' },
      'body.text',
    ],
    ['501 characters', { contactIds: ['01J00000000000000000000000'], text: '字'.repeat(501) }, 'body.text'],
    ['an unknown field', { contactIds: ['01J00000000000000000000000'], text: '您好', at: 'now' }, 'body'],
  ])('answers 400 for %s', async (_, body, path) => {
    const x = await arrange();

    const res = await post(x.rep, body);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("answers 404 for someone else's broadcast and for another tenant's; an administrator may read it", async () => {
    const x = await arrange();
    const id = await started(x);
    const peer = await x.t.addUser('李四', x.t.roles.rep);
    const other = await newTenant();

    expect((await read(peer, id)).status).toBe(404);
    expect((await read(other.admin, id)).status).toBe(404);
    expect((await read(x.t.admin, id)).status).toBe(200);
  });
});
