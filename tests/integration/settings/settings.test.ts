import { describe, expect, it } from 'vitest';
import { handler as getSettings } from '#functions/settings/get-settings.ts';
import { handler as updateSettings } from '#functions/settings/update-settings.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

const read = (as: { tenantId: string; userId: string }) => invoke('GET /v1/settings', getSettings, { as });
const patch = (as: { tenantId: string; userId: string }, body: unknown, ifMatch?: string) =>
  invoke('PATCH /v1/settings', updateSettings, {
    as,
    body,
    headers: ifMatch ? { 'if-match': ifMatch } : {},
  });

describe('GET /v1/settings', () => {
  it('returns the defaults of a new tenant with an ETag, to any user', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await read(rep);

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      maxCustomersPerRep: 500,
      allowDuplicateNames: false,
      timezone: 'Asia/Shanghai',
      reminders: { contractExpiryDays: 30, paymentDueDays: 3, birthdayDays: 3, smsEnabled: false },
      smsDailyCap: 1000,
      version: 1,
    });
    expect(res.body).not.toHaveProperty('pk');
  });
});

describe('PATCH /v1/settings', () => {
  it('changes the named settings, merges reminders field by field and bumps the ETag', async () => {
    const t = await newTenant();

    const res = await patch(
      t.admin,
      { maxCustomersPerRep: 200, allowDuplicateNames: true, reminders: { birthdayDays: 7 } },
      '"1"',
    );

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      maxCustomersPerRep: 200,
      allowDuplicateNames: true,
      lockedCustomersPerRep: 20,
      reminders: { contractExpiryDays: 30, paymentDueDays: 3, birthdayDays: 7, smsEnabled: false },
      version: 2,
    });
    expect((await read(t.admin)).body).toEqual(res.body);
  });

  it('lifts the customer limit with null and changes the time zone', async () => {
    const t = await newTenant();

    const res = await patch(t.admin, { maxCustomersPerRep: null, timezone: 'Asia/Urumqi' }, '"1"');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ maxCustomersPerRep: null, timezone: 'Asia/Urumqi' });
  });

  it('sets the daily SMS cap, 0 stopping every SMS', async () => {
    const t = await newTenant();

    const res = await patch(t.admin, { smsDailyCap: 0 }, '"1"');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ smsDailyCap: 0, version: 2 });
  });

  it('answers 428 without If-Match and 412 with a stale one, changing nothing', async () => {
    const t = await newTenant();
    await patch(t.admin, { allowDuplicateNames: true }, '"1"');

    const missing = await patch(t.admin, { maxCustomersPerRep: 1 });
    const stale = await patch(t.admin, { maxCustomersPerRep: 1 }, '"1"');

    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('if_match_required');
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('stale_version');
    expect((await read(t.admin)).body).toMatchObject({ maxCustomersPerRep: 500, version: 2 });
  });

  it('refuses a rep or a manager without settings.manage with 403', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const manager = await t.addUser('李经理', t.roles.manager);

    const byRep = await patch(rep, { allowDuplicateNames: true }, '"1"');
    const byManager = await patch(manager, { allowDuplicateNames: true }, '"1"');

    expect(byRep.status).toBe(403);
    expect(byManager.status).toBe(403);
    expect(byRep.body.code).toBe('missing_permission');
    expect((await read(t.admin)).body.version).toBe(1);
  });

  it.each([
    [{ timezone: 'Mars/Olympus' }, 'body.timezone'],
    [{ maxCustomersPerRep: 0 }, 'body.maxCustomersPerRep'],
    [{ reminders: { birthdayDays: -1 } }, 'body.reminders.birthdayDays'],
    [{ reminders: { smsEnabled: 'yes' } }, 'body.reminders.smsEnabled'],
    [{ smsDailyCap: -1 }, 'body.smsDailyCap'],
    [{ smsDailyCap: 2.5 }, 'body.smsDailyCap'],
    [{ version: 7 }, 'body'],
    [{}, 'body'],
  ])('answers 400 problem+json for %j at %s and writes nothing', async (body, path) => {
    const t = await newTenant();

    const res = await patch(t.admin, body, '"1"');

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await read(t.admin)).body.version).toBe(1);
  });

  it('lets exactly one of many concurrent updates with the same ETag win', async () => {
    const t = await newTenant();

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => patch(t.admin, { lockedCustomersPerRep: i + 1 }, '"1"')),
    );

    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200);
    expect((await read(t.admin)).body).toMatchObject({
      version: 2,
      lockedCustomersPerRep: winner?.body.lockedCustomersPerRep,
    });
  });
});
