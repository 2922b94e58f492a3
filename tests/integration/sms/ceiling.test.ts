import { randomInt } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { setClock } from '#lib/clock.ts';
import { smsDailyCountKey, smsRateBucketKey } from '#lib/db/keys.ts';
import { localDate } from '#lib/local-time.ts';
import { getSettings } from '#lib/settings/repository.ts';
import { withCeiling } from '#lib/sms/ceiling.ts';
import { counted } from '#lib/sms/repository.ts';
import { outboxSender, smsSender } from '#lib/sms/sender.ts';
import { runBroadcast } from '#lib/sms/worker.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { addContact, freshMobile } from '../contacts/world.ts';
import { create, setSettings } from '../customers/world.ts';
import { outboxCounts, post, read } from './world.ts';

afterEach(() => setClock(undefined));

/**
 * A second no other test uses: the per-second counter is shared by the whole deployment (every
 * tenant), and so by every test writing to the table.
 */
const freshSecond = () => new Date(Date.UTC(2040, 0, 1) + randomInt(0, 2 ** 30) * 1000);

async function tenantWithContacts(count: number) {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const customer = await create(rep);
  const contacts = [];
  for (let i = 0; i < count; i += 1)
    contacts.push(await addContact(rep, customer.id, { name: `联系人${i}`, mobile: freshMobile() }));
  return { t, rep, contacts, phones: contacts.map((c) => c.mobile as string) };
}

describe('the tenant’s daily SMS cap', () => {
  it('lets exactly the cap through 20 parallel sends and reports the other 13 refused', async () => {
    const t = await newTenant();
    await setSettings(t.tenantId, { smsDailyCap: 7 });
    const phones = Array.from({ length: 20 }, freshMobile);

    const results = await Promise.all(
      phones.map((phone) => smsSender().send({ tenantId: t.tenantId, phone, text: '提醒' })),
    );

    expect(results.filter((r) => r.status === 'sent')).toHaveLength(7);
    const refused = results.filter((r) => r.status === 'refused');
    expect(refused).toHaveLength(13);
    expect(refused.every((r) => r.reason === 'daily_cap')).toBe(true);
    expect((await outboxCounts(phones)).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('holds across broadcasts sent in parallel, with each refused recipient in its report', async () => {
    const { t, rep, contacts, phones } = await tenantWithContacts(20);
    await setSettings(t.tenantId, { smsDailyCap: 7 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 5) {
      const res = await post(rep, {
        contactIds: contacts.slice(i, i + 5).map((c) => c.id),
        text: '年终回馈',
      });
      ids.push(res.body.id);
    }

    const runs = await Promise.all(ids.map((id) => runBroadcast(t.tenantId, id)));

    expect(runs).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect((await outboxCounts(phones)).reduce((a, b) => a + b, 0)).toBe(7);
    const reports = await Promise.all(ids.map((id) => read(rep, id)));
    const counts = reports.map((r) => r.body.counts);
    expect(counts.reduce((n, c) => n + c.sent, 0)).toBe(7);
    expect(counts.reduce((n, c) => n + c.refused, 0)).toBe(13);
    expect(counts.every((c) => c.pending === 0 && c.failed === 0)).toBe(true);
    const recipients = reports.flatMap((r) => r.body.recipients.items);
    const refused = recipients.filter((r: { status: string }) => r.status === 'refused');
    expect(refused).toHaveLength(13);
    expect(
      refused.every((r: { error: string; messageId: null }) => r.error === 'daily_cap' && !r.messageId),
    ).toBe(true);
  });

  it('counts the tenant’s own day: its midnight, not UTC’s, starts a new allowance', async () => {
    const t = await newTenant();
    await setSettings(t.tenantId, { smsDailyCap: 1, timezone: 'Asia/Shanghai' });
    const send = () => smsSender().send({ tenantId: t.tenantId, phone: freshMobile(), text: '提醒' });
    const lateEvening = freshSecond();
    lateEvening.setUTCHours(15, 59, 58); // 23:59:58 in Shanghai, still the same UTC day below

    setClock(lateEvening);
    const first = await send();
    const second = await send();
    setClock(new Date(lateEvening.getTime() + 2000)); // 00:00:00 the next day in Shanghai
    const third = await send();

    expect([first.status, second.status, third.status]).toEqual(['sent', 'refused', 'sent']);
  });
});

describe('the deployment’s sends per second', () => {
  it('never lets more than the limit through in one second; the next second takes more', async () => {
    const t = await newTenant();
    const capped = withCeiling(outboxSender(), { perSecond: 5 });
    const at = freshSecond();
    at.setUTCHours(4); // noon in Shanghai: both seconds fall on one tenant day
    const second = at.getTime() / 1000;
    const sendMany = (n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          capped.send({ tenantId: t.tenantId, phone: freshMobile(), text: '提醒' }),
        ),
      );

    setClock(at);
    const first = await sendMany(20);
    setClock(new Date(at.getTime() + 1000));
    const next = await sendMany(20);

    expect(first.filter((r) => r.status === 'sent')).toHaveLength(5);
    expect(first.filter((r) => r.status === 'refused' && r.reason === 'rate')).toHaveLength(15);
    expect(next.filter((r) => r.status === 'sent')).toHaveLength(5);
    expect(await counted(smsRateBucketKey(second))).toBe(5);
    expect(await counted(smsRateBucketKey(second + 1))).toBe(5);
    // A send refused for the rate gave its daily slot back: only what went out counts for the day.
    const day = localDate(at, (await getSettings(t.tenantId)).timezone);
    expect(await counted(smsDailyCountKey(t.tenantId, day))).toBe(10);
  });

  it('makes the broadcast worker wait for later seconds: every recipient sent, never more than the limit a second', async () => {
    const { t, rep, contacts } = await tenantWithContacts(6);
    const res = await post(rep, { contactIds: contacts.map((c) => c.id), text: '新品发布' });
    const start = freshSecond();
    let clock = start.getTime();
    setClock(start);
    // The only time that passes is what the worker waits for: the clock moves by exactly that.
    const sleep = async (ms: number) => {
      clock += ms;
      setClock(new Date(clock));
    };

    const outcome = await runBroadcast(t.tenantId, res.body.id, {
      sender: outboxSender(),
      ceiling: { perSecond: 2 },
      sendsPerSecond: 1000,
      sleep,
    });

    expect(outcome).toBe('completed');
    const report = await read(rep, res.body.id);
    expect(report.body.counts).toMatchObject({ total: 6, sent: 6, pending: 0, refused: 0 });
    const perSecond = new Map<string, number>();
    for (const r of report.body.recipients.items as Array<{ sentAt: string; error: null }>) {
      expect(r.error).toBeNull();
      const s = r.sentAt.slice(0, 19);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    }
    expect([...perSecond.values()]).toEqual([2, 2, 2]);
  });
});
