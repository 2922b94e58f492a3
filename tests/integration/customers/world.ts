import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as listCustomers } from '#functions/customers/list-customers.ts';
import { now } from '#lib/clock.ts';
import { db, tableName } from '#lib/db/client.ts';
import { userCountersKey } from '#lib/db/keys.ts';
import { getSettings, updateSettings } from '#lib/settings/repository.ts';
import type { Settings } from '#lib/settings/schemas.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

export { type World, world } from '#tests/support/world.ts';

/**
 * Changes a tenant's settings (arrange step; the settings API is tested elsewhere) through the
 * repository, so what a change implies elsewhere (the time zone on the role items) holds too.
 */
export async function setSettings(tenantId: string, changes: Partial<Settings>): Promise<void> {
  const current = await getSettings(tenantId, true);
  const { reminders, ...top } = changes;
  await updateSettings(tenantId, { top, reminders: reminders ?? {} }, current.version, now().toISOString());
}

let counter = 0;
/** A unique company name, so tests in one tenant never trip the duplicate-name guard by accident. */
export const uniqueName = (base = '测试科技') => `${base}${++counter}号有限公司`;

export async function create(as: Caller, body: Record<string, unknown> = {}) {
  const res = await invoke('POST /v1/customers', createCustomer, {
    as,
    body: { name: uniqueName(), ...body },
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number; name: string; [k: string]: any };
}

export async function list(as: Caller, query: Record<string, string> = {}) {
  return invoke('GET /v1/customers', listCustomers, { as, query });
}

/** Every item of a list, following nextCursor to the end. */
export async function listAll(as: Caller, query: Record<string, string> = {}) {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await list(as, { ...query, ...(cursor ? { cursor } : {}) });
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

/** The owned-customer counter the quota is enforced on. */
export async function ownedCount(tenantId: string, userId: string): Promise<number> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: userCountersKey(tenantId, userId) }),
  );
  return (out.Item?.ownedCount as number | undefined) ?? 0;
}
