import { afterEach, describe, expect, it } from 'vitest';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { handler as updateContract } from '#functions/pipeline/update-contract.ts';
import { now, setClock } from '#lib/clock.ts';
import { listNotifications } from '#lib/notifications/service.ts';
import {
  forEachPipelineReminder,
  pipelineReminders,
  sendPipelineReminders,
} from '#lib/pipeline/reminders.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { setSettings } from '../customers/world.ts';
import { contract, customer, plan, product } from './world.ts';

afterEach(() => setClock(undefined));

/** A rep's signed contract ending on `endsOn`, with the tenant's reminder windows set. */
async function company(reminders: { contractExpiryDays: number; paymentDueDays: number }) {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  await setSettings(t.tenantId, {
    reminders: {
      contractExpiryDays: reminders.contractExpiryDays,
      paymentDueDays: reminders.paymentDueDays,
      birthdayDays: 3,
      smsEnabled: false,
    },
  });
  const c = await customer(rep, { name: `提醒客户${Math.random().toString(36).slice(2, 8)}` });
  const p = await product(t.admin, { priceFen: 100_000 });
  return { t, rep, c, p };
}

describe('pipeline date reminders', () => {
  it('reminds the owner of a signed contract ending within the window, counted in the tenant time zone', async () => {
    const { t, rep, c, p } = await company({ contractExpiryDays: 30, paymentDueDays: 3 });
    const ending = await contract(rep, c.id, p.id, {
      title: '年度服务',
      signedOn: '2026-01-01',
      endsOn: '2026-05-01',
    });
    await contract(rep, c.id, p.id, { signedOn: '2026-01-01', endsOn: '2026-05-02' });
    await contract(rep, c.id, p.id, { endsOn: '2026-04-15' });

    // 2026-03-31T16:30Z is 00:30 on 1 April in Shanghai: the window is 1 April to 1 May.
    const inWindow = await pipelineReminders(t.tenantId, new Date('2026-03-31T16:30:00Z'));
    // 15:59Z is still 31 March in Shanghai: 1 May is 31 days away.
    const dayBefore = await pipelineReminders(t.tenantId, new Date('2026-03-31T15:59:00Z'));

    expect(inWindow).toEqual([
      {
        userId: rep.userId,
        kind: 'contractExpiry',
        title: '合同即将到期：年度服务',
        body: `${c.name}的合同「年度服务」将于 2026-05-01 到期。`,
        link: `/v1/contracts/${ending.id}`,
        dedupeKey: `contract-expiry:${ending.id}:2026-05-01`,
      },
    ]);
    expect(dayBefore).toEqual([]);
  });

  it('reminds of open payment plans due within the window and forgets paid-off ones', async () => {
    const { t, rep, c, p } = await company({ contractExpiryDays: 0, paymentDueDays: 3 });
    const k = await contract(rep, c.id, p.id, { title: '一期', signedOn: '2026-01-01' });
    const due = await plan(rep, k.id, { dueOn: '2026-04-03', amountFen: 30_000 });
    const paid = await plan(rep, k.id, { dueOn: '2026-04-02', amountFen: 20_000 });
    await plan(rep, k.id, { dueOn: '2026-04-05', amountFen: 10_000 });
    await invoke('POST /v1/payments', createPayment, {
      as: rep,
      body: { contractId: k.id, planId: paid.id, amountFen: 20_000, receivedOn: '2026-03-30' },
    });
    await invoke('POST /v1/payments', createPayment, {
      as: rep,
      body: { contractId: k.id, planId: due.id, amountFen: 10_000, receivedOn: '2026-03-30' },
    });

    const reminders = await pipelineReminders(t.tenantId, new Date('2026-04-01T02:00:00Z'));

    expect(reminders).toEqual([
      expect.objectContaining({
        userId: rep.userId,
        kind: 'paymentDue',
        dedupeKey: `payment-due:${due.id}:2026-04-03`,
        body: expect.stringContaining('¥200.00'),
      }),
    ]);
  });

  it('forgets the plans of a terminated contract', async () => {
    const { t, rep, c, p } = await company({ contractExpiryDays: 0, paymentDueDays: 10 });
    const k = await contract(rep, c.id, p.id, { signedOn: '2026-01-01' });
    await plan(rep, k.id, { dueOn: '2026-04-03', amountFen: 5_000 });
    const before = await pipelineReminders(t.tenantId, new Date('2026-04-01T02:00:00Z'));
    await invoke('PATCH /v1/contracts/{id}', updateContract, {
      as: rep,
      params: { id: k.id },
      headers: { 'if-match': '"2"' },
      body: { status: 'terminated' },
    });

    const after = await pipelineReminders(t.tenantId, new Date('2026-04-01T02:00:00Z'));

    expect(before).toHaveLength(1);
    expect(after).toEqual([]);
  });

  it('gives the same dedupe keys on every run, so a notifier keyed by them delivers once', async () => {
    const { t, rep, c, p } = await company({ contractExpiryDays: 10, paymentDueDays: 10 });
    const k = await contract(rep, c.id, p.id, { signedOn: '2026-01-01', endsOn: '2026-04-05' });
    await plan(rep, k.id, { dueOn: '2026-04-06', amountFen: 5_000 });
    const delivered = new Map<string, number>();
    const deliver = async (r: { dedupeKey: string }) => {
      delivered.set(r.dedupeKey, (delivered.get(r.dedupeKey) ?? 0) + 1);
    };

    const first = await forEachPipelineReminder(t.tenantId, new Date('2026-04-01T01:00:00Z'), deliver);
    const second = await forEachPipelineReminder(t.tenantId, new Date('2026-04-02T01:00:00Z'), deliver);

    expect(first).toBe(2);
    expect(second).toBe(2);
    const keys = [...delivered.keys()];
    expect(keys).toHaveLength(2);
    expect(keys).toContain(`contract-expiry:${k.id}:2026-04-05`);
    expect(keys.filter((key) => /^payment-due:[0-9A-Z]{26}:2026-04-06$/.test(key))).toHaveLength(1);
  });

  it("never reaches into another tenant's contracts", async () => {
    const { rep, c, p } = await company({ contractExpiryDays: 30, paymentDueDays: 30 });
    await contract(rep, c.id, p.id, { signedOn: '2026-01-01', endsOn: '2026-04-10' });
    const other = await newTenant();

    expect(await pipelineReminders(other.tenantId, new Date('2026-04-01T01:00:00Z'))).toEqual([]);
  });
});

describe('sendPipelineReminders', () => {
  it('notifies each owner once however often the job runs, with an injected clock', async () => {
    const { t, rep, c, p } = await company({ contractExpiryDays: 30, paymentDueDays: 5 });
    const k = await contract(rep, c.id, p.id, {
      title: '维保合同',
      signedOn: '2026-01-01',
      endsOn: '2026-04-20',
    });
    await plan(rep, k.id, { dueOn: '2026-04-03', amountFen: 5_000 });
    setClock(new Date('2026-04-01T01:00:00Z'));
    const sms: string[] = [];

    const first = await sendPipelineReminders(t.tenantId, now(), async (r) => sms.push(r.dedupeKey));
    setClock(new Date('2026-04-02T01:00:00Z'));
    const second = await sendPipelineReminders(t.tenantId, now(), async (r) => sms.push(r.dedupeKey));

    expect(first).toEqual({ due: 2, notified: 2 });
    expect(second).toEqual({ due: 2, notified: 0 });
    expect(sms).toHaveLength(2);
    const inbox = await listNotifications({ ...t.auth, userId: rep.userId }, { unread: false, limit: 20 });
    expect(inbox.items.map((n) => n.kind).sort()).toEqual(['contractExpiry', 'paymentDue']);
    expect(inbox.items.find((n) => n.kind === 'contractExpiry')).toMatchObject({
      title: '合同即将到期：维保合同',
      link: `/v1/contracts/${k.id}`,
      read: false,
    });
  });
});
