import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { handler as createTask } from '#functions/office/create-task.ts';
import { handler as listTasks } from '#functions/office/list-tasks.ts';
import { setClock } from '#lib/clock.ts';
import { db, tableName } from '#lib/db/client.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

export { create, notificationCount, notifications } from '#tests/integration/followups/world.ts';
export { type World, world } from '#tests/support/world.ts';

/** Fixes the clock at an instant (ISO) for the arrange or act step that follows. */
export const at = (iso: string) => setClock(new Date(iso));

export async function task(as: Caller, body: Record<string, unknown>) {
  const res = await invoke('POST /v1/tasks', createTask, {
    as,
    body: { title: `准备报价单${Math.random().toString(36).slice(2, 8)}`, ...body },
  });
  if (res.status !== 201) throw new Error(`task failed: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number; [k: string]: any };
}

export async function tasks(as: Caller, query: Record<string, string> = {}) {
  const res = await invoke('GET /v1/tasks', listTasks, { as, query });
  if (res.status !== 200) throw new Error(`tasks failed: ${res.status} ${res.text}`);
  return res.body.items as Array<{ id: string; [k: string]: any }>;
}

export const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

/** The stream record DynamoDB delivers for a change of an item (what the consumers get). */
export function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { before?: Record<string, unknown>; after?: Record<string, unknown> },
): DynamoDBRecord {
  const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as any;
  const subject = (images.after ?? images.before) as Record<string, unknown>;
  return {
    eventID: crypto.randomUUID(),
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: image({ pk: subject.pk, sk: subject.sk }),
      ...(images.before ? { OldImage: image(images.before) } : {}),
      ...(images.after ? { NewImage: image(images.after) } : {}),
      SequenceNumber: String(Date.now()),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** An item as stored now (strongly consistent), every attribute: what a stream image holds. */
export async function stored(key: { pk: string; sk: string }) {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return out.Item as Record<string, unknown> | undefined;
}
