import { randomInt } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as createContact } from '#functions/contacts/create-contact.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as updatePlan } from '#functions/followups/update-plan.ts';
import { listOutbox } from '#infra/local/outbox.ts';
import { setClock } from '#lib/clock.ts';
import { runDateReminders, runReminders } from '#lib/followups/jobs.ts';
import { tenantIds } from '#lib/followups/repository.ts';
import * as org from '#lib/org/service.ts';
import { getSettings } from '#lib/settings/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant, type TestUser } from '#tests/support/tenants.ts';
import { at, create, notificationCount, notifications, plan, setSettings } from './world.ts';

afterEach(() => setClock(undefined));

/** A tenant with one rep who has a phone of their own, and SMS reminders as asked. */
async function company(opts: { smsEnabled: boolean; birthdayDays?: number }) {
  const t = await newTenant();
  const settings = await getSettings(t.tenantId);
  await setSettings(t.tenantId, {
    reminders: { ...settings.reminders, smsEnabled: opts.smsEnabled, birthdayDays: opts.birthdayDays ?? 3 },
  });
  const phone = `+86139${String(randomInt(10_000_000, 99_999_999))}`;
  const user = await org.createUser(t.auth, { name: '提醒销售', roleId: t.roles.rep.id, phone });
  const rep: TestUser = { tenantId: t.tenantId, userId: user.id, name: user.name, roleId: t.roles.rep.id };
  return { ...t, rep, phone };
}

type Company = Awaited<ReturnType<typeof company>>;

const sms = async (c: Company) => (await listOutbox(c.phone)).map((m) => m.text);

describe('reminders job', () => {
  let c: Company;
  const run = (iso: string, opts: { maxItems?: number } = {}) => {
    at(iso);
    return runReminders({ tenantIds: [c.tenantId], ...opts });
  };
  /** A customer of the rep with a plan due at `dueAt`, arranged on 1 April. */
  async function due(dueAt: string, note = '确认报价') {
    at('2024-04-01T00:00:00.000Z');
    const customer = await create(c.rep, { name: `提醒客户${randomInt(1_000_000)}` });
    const p = await plan(c.rep, customer.id, { dueAt, note });
    return { customer, plan: p };
  }

  beforeAll(async () => {
    c = await company({ smsEnabled: true });
  });

  it('tells the owner of a plan falling due once, with one SMS, however often it runs', async () => {
    const { customer } = await due('2024-05-06T10:00:00+08:00');
    const before = await notificationCount(c.tenantId, c.rep.userId);
    const first = await run('2024-05-06T09:10:00+08:00');
    expect(first).toMatchObject({ due: 1, notified: 1, smsSent: 1, complete: true });
    expect(first.dueItemsRead).toBe(1);
    const again = await run('2024-05-06T09:15:00+08:00');
    expect(again).toMatchObject({ due: 0, notified: 0, smsSent: 0 });
    expect((await run('2024-05-06T10:30:00+08:00')).due).toBe(0);
    expect(await notificationCount(c.tenantId, c.rep.userId)).toBe(before + 1);
    const [latest] = await notifications(c.rep);
    expect(latest).toMatchObject({ kind: 'planDue', title: `跟进提醒：${customer.name}` });
    expect(latest?.body).toContain('2024-05-06 10:00');
    expect((await sms(c)).filter((text) => text.includes(customer.name))).toHaveLength(1);
  });

  it('waits until a plan is within the hour ahead', async () => {
    await due('2024-05-07T12:00:00+08:00');
    expect((await run('2024-05-07T10:30:00+08:00')).due).toBe(0);
    expect((await run('2024-05-07T11:05:00+08:00')).due).toBe(1);
  });

  it('reminds again when a reminded plan is moved', async () => {
    const { plan: p } = await due('2024-05-08T10:00:00+08:00');
    expect((await run('2024-05-08T09:30:00+08:00')).notified).toBe(1);
    at('2024-05-08T09:40:00+08:00');
    const moved = await invoke('PATCH /v1/plans/{id}', updatePlan, {
      as: c.rep,
      params: { id: p.id },
      headers: { 'if-match': '"1"' },
      body: { dueAt: '2024-05-09T10:00:00+08:00' },
    });
    expect(moved.status).toBe(200);
    expect((await run('2024-05-08T09:45:00+08:00')).due).toBe(0);
    expect((await run('2024-05-09T09:30:00+08:00')).notified).toBe(1);
  });

  it('notifies and texts once when two runs overlap', async () => {
    const { customer } = await due('2024-05-10T10:00:00+08:00');
    at('2024-05-10T09:30:00+08:00');
    const runs = await Promise.all([1, 2, 3].map(() => runReminders({ tenantIds: [c.tenantId] })));
    expect(runs.reduce((n, r) => n + r.notified, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.smsSent, 0)).toBe(1);
    expect((await sms(c)).filter((text) => text.includes(customer.name))).toHaveLength(1);
  });

  it('resumes an interrupted run, reminding each plan once', async () => {
    const names = [];
    for (const hour of ['10', '11', '12'])
      names.push((await due(`2024-05-11T${hour}:00:00+08:00`)).customer.name);
    const interrupted = await run('2024-05-11T11:30:00+08:00', { maxItems: 1 });
    expect(interrupted).toMatchObject({ due: 1, complete: false });
    const resumed = await run('2024-05-11T11:31:00+08:00');
    expect(resumed).toMatchObject({ due: 2, complete: true });
    expect((await run('2024-05-11T11:32:00+08:00')).due).toBe(0);
    const texts = await sms(c);
    for (const name of names) expect(texts.filter((text) => text.includes(name))).toHaveLength(1);
  });

  it('forgets plans of customers gone to the recycle bin', async () => {
    const { customer } = await due('2024-05-12T10:00:00+08:00');
    at('2024-05-12T08:00:00+08:00');
    expect(
      (await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: c.rep, params: { id: customer.id } }))
        .status,
    ).toBe(204);
    expect((await run('2024-05-12T09:30:00+08:00')).due).toBe(0);
  });

  it('sends no SMS where the tenant turned them off', async () => {
    const quiet = await company({ smsEnabled: false });
    at('2024-04-01T00:00:00.000Z');
    const customer = await create(quiet.rep);
    await plan(quiet.rep, customer.id, { dueAt: '2024-05-13T10:00:00+08:00' });
    at('2024-05-13T09:30:00+08:00');
    expect(await runReminders({ tenantIds: [quiet.tenantId] })).toMatchObject({
      due: 1,
      notified: 1,
      smsSent: 0,
    });
    expect(await sms(quiet)).toEqual([]);
  });
});

describe('date-reminders job', () => {
  const run = (c: Company | Company[], iso: string, opts: { maxItems?: number } = {}) => {
    at(iso);
    return runDateReminders({ tenantIds: [c].flat().map((x) => x.tenantId), ...opts });
  };

  it('reminds of customer and contact birthdays within the days ahead, once a year, with one SMS', async () => {
    const c = await company({ smsEnabled: true, birthdayDays: 3 });
    at('2024-04-01T00:00:00.000Z');
    const soon = await create(c.rep, { name: `寿星公司${randomInt(1_000_000)}`, birthday: '1990-05-08' });
    await create(c.rep, { birthday: '1990-05-10' });
    const holder = await create(c.rep);
    const contact = await invoke('POST /v1/customers/{id}/contacts', createContact, {
      as: c.rep,
      params: { id: holder.id },
      body: { name: '王总', birthday: '1975-05-09' },
    });
    expect(contact.status).toBe(201);
    const binned = await create(c.rep, { birthday: '1990-05-07' });
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: c.rep, params: { id: binned.id } });

    const first = await run(c, '2024-05-06T00:30:00+08:00');
    expect(first).toMatchObject({ due: 2, notified: 2, smsSent: 2, complete: true });
    // The two due items, and the tenant settings the pipeline's reminders read for their window.
    expect(first.dueItemsRead).toBe(3);
    const titles = (await notifications(c.rep)).map((n) => n.title);
    expect(titles).toEqual(
      expect.arrayContaining([`生日提醒：${soon.name}`, `生日提醒：${holder.name}的王总`]),
    );
    expect(await run(c, '2024-05-06T09:00:00+08:00')).toMatchObject({ due: 2, notified: 0, smsSent: 0 });
    expect(await sms(c)).toHaveLength(2);
    // A day later the window reaches 10 May: only that birthday is new.
    expect(await run(c, '2024-05-07T00:30:00+08:00')).toMatchObject({ due: 3, notified: 1, smsSent: 1 });
    expect(await run(c, '2025-05-06T00:30:00+08:00')).toMatchObject({ due: 2, notified: 2 });
    expect(await notificationCount(c.tenantId, c.rep.userId)).toBe(5);
  });

  it('takes the days ahead from the tenant’s settings and its time zone', async () => {
    const c = await company({ smsEnabled: false, birthdayDays: 0 });
    at('2024-04-01T00:00:00.000Z');
    await create(c.rep, { birthday: '1990-05-07' });
    // 23:59 on 6 May in Shanghai: not yet the birthday; one minute past midnight: it is.
    expect((await run(c, '2024-05-06T23:59:00+08:00')).due).toBe(0);
    expect((await run(c, '2024-05-07T00:01:00+08:00')).due).toBe(1);
  });

  it('reminds across New Year', async () => {
    const c = await company({ smsEnabled: false, birthdayDays: 5 });
    at('2024-04-01T00:00:00.000Z');
    await create(c.rep, { birthday: '1990-01-02' });
    await create(c.rep, { birthday: '1990-12-31' });
    expect((await run(c, '2024-12-30T08:00:00+08:00')).notified).toBe(2);
  });

  it('resumes after the last tenant it finished, reminding each once', async () => {
    const [a, b] = [await company({ smsEnabled: true }), await company({ smsEnabled: true })] as [
      Company,
      Company,
    ];
    at('2024-04-01T00:00:00.000Z');
    for (const c of [a, b]) await create(c.rep, { birthday: '1990-06-02' });
    const [firstTenant, secondTenant] = [a, b].sort((x, y) => (x.tenantId < y.tenantId ? -1 : 1)) as [
      Company,
      Company,
    ];
    await create(secondTenant.rep, { birthday: '1990-06-03' });
    const interrupted = await run([a, b], '2024-06-01T00:30:00+08:00', { maxItems: 2 });
    expect(interrupted).toMatchObject({ due: 2, complete: false });
    const resumed = await run([a, b], '2024-06-01T00:35:00+08:00');
    // The first tenant was finished and is not read again; the second is done in full.
    expect(resumed).toMatchObject({ due: 2, notified: 1, complete: true });
    expect(await notificationCount(firstTenant.tenantId, firstTenant.rep.userId)).toBe(1);
    expect(await notificationCount(secondTenant.tenantId, secondTenant.rep.userId)).toBe(2);
    expect(await sms(firstTenant)).toHaveLength(1);
    expect(await sms(secondTenant)).toHaveLength(2);
  });
});

describe('the tenant registry', () => {
  it('lists a tenant from the moment it is provisioned, in id order after a checkpoint', async () => {
    const t = await newTenant();
    // A proper prefix of the id sorts just before it.
    const ids = tenantIds(t.tenantId.slice(0, -1));
    expect((await ids.next()).value).toBe(t.tenantId);
  });
});
