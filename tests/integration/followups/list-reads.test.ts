import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ownerChanged } from '#functions/customers/owner-changed.ts';
import { handler as updateUser } from '#functions/org/update-user.ts';
import { handler as updateSettings } from '#functions/settings/update-settings.ts';
import { setClock } from '#lib/clock.ts';
import { db, tableName } from '#lib/db/client.ts';
import { customerChildKey, roleKey, rolesPrefix } from '#lib/db/keys.ts';
import * as org from '#lib/org/service.ts';
import { getSettings } from '#lib/settings/repository.ts';
import { AUTH_READS, invoke, itemsRead } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { context, modifyEvent, storedUser } from '../streams/world.ts';
import { agenda, at, create, customerIds, plan } from './world.ts';

/**
 * What a to-do list reads: the caller's user and role (authentication), then the list's own page.
 * The tenant's time zone comes with the role item and a superior is shown to be above the owner by
 * the entries themselves, so neither the settings nor the subordinate's user item is read.
 */
afterEach(() => setClock(undefined));

/**
 * A tenant whose rep has three plans due on 10 September 2025 (Shanghai), under a manager. A day no
 * other test uses: the reminders job's tests count what they read of a day's cross-tenant partition.
 */
async function planned() {
  const t = await newTenant();
  const manager = await t.addUser('经理', t.roles.manager);
  const rep = await t.addUser('销售', t.roles.rep);
  at('2025-09-01T00:00:00.000Z');
  const ids: string[] = [];
  for (const hour of ['09', '10', '11']) {
    const c = await create(rep);
    await plan(rep, c.id, { dueAt: `2025-09-10T${hour}:00:00+08:00` });
    ids.push(c.id);
  }
  at('2025-09-10T08:00:00+08:00');
  return { t, manager, rep, ids };
}

async function roleItems(tenantId: string) {
  const { pk, skPrefix } = rolesPrefix(tenantId);
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

describe('what a to-do list reads', () => {
  it('reads the page and nothing else for the owner and for a superior', async () => {
    const { manager, rep, ids } = await planned();

    const own = await agenda(rep, 'today');
    const superior = await agenda(manager, 'today', { userId: rep.userId });

    for (const res of [own, superior]) {
      expect(res.status).toBe(200);
      expect(customerIds(res.body.items)).toEqual(ids);
      expect(itemsRead(res)).toBe(AUTH_READS + ids.length);
    }
  });

  it('answers a former superior 403 after a reorg, and the new superior with the list', async () => {
    const { t, manager, rep, ids } = await planned();
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
    const newBoss = await t.addUser('新经理', branch);

    const before = await storedUser(t.tenantId, rep.userId);
    const moved = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: rep.userId },
      headers: { 'if-match': '"1"' },
      body: { roleId: branchRep.id },
    });
    // The customers (and the plans they carry) follow the owner's new role from the table's stream.
    const after = await storedUser(t.tenantId, rep.userId);
    await ownerChanged(modifyEvent(before, after), context('customer-owner-sync'));

    expect(moved.status).toBe(200);
    expect((await agenda(manager, 'today', { userId: rep.userId })).status).toBe(403);
    const now = await agenda(newBoss, 'today', { userId: rep.userId });
    expect(customerIds(now.body.items)).toEqual(ids);
    expect(itemsRead(now)).toBe(AUTH_READS + ids.length);
  });

  it('falls back to reading the owner for entries written before they carried the role path', async () => {
    const { t, manager, rep, ids } = await planned();
    const first = await agenda(rep, 'today');
    const planId = first.body.items[0].plan.id as string;
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: customerChildKey(t.tenantId, ids[0] as string, 'plan', planId),
        UpdateExpression: 'REMOVE ownerRolePath',
      }),
    );
    const peer = await t.addUser('同事', t.roles.rep);

    const superior = await agenda(manager, 'today', { userId: rep.userId });
    expect(customerIds(superior.body.items)).toEqual(ids);
    expect(itemsRead(superior)).toBe(AUTH_READS + ids.length + 1);
    expect((await agenda(peer, 'today', { userId: rep.userId })).status).toBe(403);
  });

  it('reads the settings for a role written before it carried the time zone', async () => {
    const { t, rep, ids } = await planned();
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: roleKey(t.tenantId, t.roles.rep.id),
        UpdateExpression: 'REMOVE tenantTimezone',
      }),
    );

    const res = await agenda(rep, 'today');

    expect(customerIds(res.body.items)).toEqual(ids);
    expect(itemsRead(res)).toBe(AUTH_READS + ids.length + 1);
  });
});

describe('a change of time zone', () => {
  it('reaches the lists at once through the role items', async () => {
    const { t, rep, ids } = await planned();
    // 13:00 on 10 September in Shanghai is 01:00 that day in New York, where the plans were due the day before.
    at('2025-09-10T13:00:00+08:00');
    expect(customerIds((await agenda(rep, 'today')).body.items)).toEqual(ids);

    const res = await invoke('PATCH /v1/settings', updateSettings, {
      as: t.admin,
      body: { timezone: 'America/New_York' },
      headers: { 'if-match': '"1"' },
    });

    expect(res.status).toBe(200);
    expect((await agenda(rep, 'today')).body.items).toEqual([]);
    at('2025-09-09T12:00:00-04:00');
    expect(customerIds((await agenda(rep, 'today')).body.items)).toEqual(ids);
  });

  it('leaves every role with the final zone when roles are created at the same time', async () => {
    const t = await newTenant();
    const results = await Promise.allSettled([
      invoke('PATCH /v1/settings', updateSettings, {
        as: t.admin,
        body: { timezone: 'Asia/Tokyo' },
        headers: { 'if-match': '"1"' },
      }),
      ...Array.from({ length: 8 }, (_, i) =>
        org.createRole(t.auth, { name: `小组${i}`, parentId: t.roles.manager.id, permissions: [] }),
      ),
    ]);
    const patched = results[0];
    expect(patched.status === 'fulfilled' && patched.value.status).toBe(200);
    // A role create that met the change may be refused (409 write_conflict, nothing written).
    for (const r of results.slice(1)) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, code: 'write_conflict' });
    }

    const roles = await roleItems(t.tenantId);
    const created = results.slice(1).filter((r) => r.status === 'fulfilled').length;
    expect(roles).toHaveLength(3 + created);
    expect((await getSettings(t.tenantId, true)).timezone).toBe('Asia/Tokyo');
    expect(roles.map((r) => r.tenantTimezone)).toEqual(roles.map(() => 'Asia/Tokyo'));
  });
});
