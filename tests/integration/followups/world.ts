import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { handler as createPlan } from '#functions/followups/create-plan.ts';
import { handler as listAgenda } from '#functions/followups/list-agenda.ts';
import { handler as listNotifications } from '#functions/notifications/list-notifications.ts';
import { setClock } from '#lib/clock.ts';
import { db, tableName } from '#lib/db/client.ts';
import { customerKey, notificationsOf } from '#lib/db/keys.ts';
import { unpacked } from '#lib/db/packed.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

export { create, setSettings, type World, world } from '#tests/integration/customers/world.ts';

/** Fixes the clock at an instant (ISO) for the arrange or act step that follows. */
export const at = (iso: string) => setClock(new Date(iso));

export async function followUp(as: Caller, customerId: string, body: Record<string, unknown> = {}) {
  return invoke('POST /v1/customers/{id}/followups', createFollowUp, {
    as,
    params: { id: customerId },
    body: { content: '电话沟通，客户对报价有兴趣', ...body },
  });
}

export async function plan(as: Caller, customerId: string, body: Record<string, unknown>) {
  const res = await invoke('POST /v1/customers/{id}/plans', createPlan, {
    as,
    params: { id: customerId },
    body: { note: '回访', ...body },
  });
  if (res.status !== 201) throw new Error(`plan failed: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number; dueAt: string; [k: string]: any };
}

export const agenda = (as: Caller, list: string, query: Record<string, string> = {}) =>
  invoke('GET /v1/followup-lists/{list}', listAgenda, { as, params: { list }, query });

/** Every entry of a to-do list, following nextCursor. */
export async function agendaAll(as: Caller, list: string, query: Record<string, string> = {}) {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await agenda(as, list, { ...query, ...(cursor ? { cursor } : {}) });
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export const customerIds = (items: Array<{ customer: { id: string } }>) => items.map((i) => i.customer.id);

export async function notifications(as: Caller, query: Record<string, string> = {}) {
  const res = await invoke('GET /v1/notifications', listNotifications, { as, query });
  if (res.status !== 200) throw new Error(`notifications failed: ${res.status} ${res.text}`);
  return res.body.items as Array<{ id: string; kind: string; title: string; body: string; read: boolean }>;
}

/** The customer item as stored (what the follow-up wrote), read around the API, its packed record unpacked. */
export async function storedCustomer(tenantId: string, id: string) {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: customerKey(tenantId, id) }));
  return unpacked(out.Item ?? {}) as Record<string, any>;
}

/** How many notifications a user has, counted in the table (not through the API's page size). */
export async function notificationCount(tenantId: string, userId: string): Promise<number> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': notificationsOf(tenantId, userId).pk },
      Select: 'COUNT',
    }),
  );
  return out.Count ?? 0;
}

/** The id of a seeded dictionary item of a kind (the n-th). */
export async function dictionaryId(tenantId: string, kind: 'maturity' | 'channel' | 'level', n = 0) {
  const items = await listDictionary(tenantId, kind);
  const item = items[n];
  if (!item) throw new Error(`no ${kind} item ${n}`);
  return item.id;
}
