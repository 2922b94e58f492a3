import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../db/client.ts';
import { stripper } from '../../db/items.ts';
import { officeKeys as k } from '../../db/keys.ts';
import type { Auth } from '../../http/auth.ts';
import { NotFound } from '../../http/errors.ts';
import { canSee, type EventRecord } from './record.ts';

/**
 * Reading one event: the repository's and the service's way to it, and all an attachment's target
 * check needs (lib/files/targets.ts), without the writes' recurrence rules (rrule).
 */

const strip = stripper(['whose', 'myResponse']);
export const toRecord = (item: Record<string, unknown>) => strip<EventRecord>(item);

export async function getEvent(tenantId: string, id: string): Promise<EventRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: k.eventKey(tenantId, id), ConsistentRead: true }),
  );
  return out.Item ? toRecord(out.Item) : undefined;
}

/** The event if the caller sees it; NotFound otherwise (an unknown id and a hidden one alike). */
export async function loadVisibleEvent(auth: Auth, id: string): Promise<EventRecord> {
  const e = await getEvent(auth.tenantId, id);
  if (!e || !canSee(auth, e)) throw new NotFound('event');
  return e;
}
