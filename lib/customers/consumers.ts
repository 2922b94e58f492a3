import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { db, tableName } from '../db/client.ts';
import { customerLists, userKey } from '../db/keys.ts';
import { queryPage } from '../db/query.ts';
import { imagesOf } from '../db/stream.ts';
import * as repo from './repository.ts';
import type { CustomerRecord } from './rules.ts';

/**
 * Customers' reactions to the table's stream (lib/jobs.ts `customer-owner-sync`): what another
 * context committed that the customers must follow. Each reads the event and the current state of
 * what it rewrites, and rewrites only what differs, at the version read: run twice, or again after
 * a crash half-way, it changes nothing twice and finishes the job.
 */

/** What a user's records carry of them: the role path (what superiors see them by) and the name. */
export interface OwnerStamp {
  rolePath: string;
  name: string;
}

/**
 * The user a MODIFY of a user item is about, when it changed what their records carry of them (role
 * path or name); other changes of the user (phone, e-mail, disabling) are not.
 */
export function ownerChangeOf(
  record: DynamoDBRecord,
): { tenantId: string; userId: string; rolePaths: string[] } | undefined {
  if (record.eventName !== 'MODIFY') return undefined;
  const { before, after, tenantId } = imagesOf(record);
  if (!before || !after || after.type !== 'user' || !tenantId || typeof after.id !== 'string')
    return undefined;
  if (before.rolePath === after.rolePath && before.name === after.name) return undefined;
  const rolePaths = [...new Set([before.rolePath, after.rolePath])].filter(
    (p): p is string => typeof p === 'string',
  );
  return { tenantId, userId: after.id, rolePaths };
}

/**
 * The user's role path and name as stored NOW (strongly consistent; a deleted user too, whose
 * customers keep their name). A rewrite stamps these rather than the event's new image: two changes
 * in a row, their events handled late or twice, all end with the latest.
 */
export async function currentStamp(tenantId: string, userId: string): Promise<OwnerStamp | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: userKey(tenantId, userId), ConsistentRead: true }),
  );
  const item = out.Item;
  return item ? { rolePath: item.rolePath as string, name: item.name as string } : undefined;
}

/** A user's role or name changed: their customers follow (stream record of the user item). */
export async function onOwnerChanged(record: DynamoDBRecord): Promise<number> {
  const change = ownerChangeOf(record);
  if (!change) return 0;
  const stamp = await currentStamp(change.tenantId, change.userId);
  return stamp ? reassignOwnerRolePath(change.tenantId, change.userId, stamp, change.rolePaths) : 0;
}

const CONCURRENCY = 8;

/**
 * Keeps a user's customers in step with the user: their role path (what superiors see them by) and
 * name. Pages over the user's customers: the active ones under each role path they may be filed
 * at (`from`: the user's paths before and after the change), the recycled ones on their bin; rewrites
 * only those that differ, each at the version read (read again on a conflict), so a re-run after a
 * crash finishes the job and bumps no customer twice. Returns how many customers changed.
 */
export async function reassignOwnerRolePath(
  tenantId: string,
  userId: string,
  stamp: OwnerStamp,
  from: readonly string[],
): Promise<number> {
  let changed = 0;
  const differs = (c: CustomerRecord) =>
    c.ownerId === userId && (c.ownerRolePath !== stamp.rolePath || c.ownerName !== stamp.name);
  const rewrite = (seen: CustomerRecord) =>
    repo.rereading(async () => {
      const c = await repo.getCustomer(tenantId, seen.id);
      if (!c || !differs(c)) return;
      // Neither the customer's data nor its place in the lists changes: updatedAt stays.
      const next: CustomerRecord = {
        ...c,
        ownerRolePath: stamp.rolePath,
        ownerName: stamp.name,
        version: c.version + 1,
      };
      await repo.commit(repo.saveCustomerSteps(tenantId, next, c, {}));
      changed += 1;
    });
  const lists = [
    ...from.map((rolePath) => customerLists.mine(tenantId, rolePath, userId)),
    customerLists.ownBin(tenantId, userId),
  ];
  for (const list of lists) {
    let cursor: string | undefined;
    do {
      const page = await queryPage<Record<string, unknown>>({
        tenantId,
        index: list.index,
        pk: list.pk,
        ...('skPrefix' in list ? { sk: { beginsWith: list.skPrefix } } : {}),
        limit: 100,
        cursor,
        fingerprint: `reassign:${userId}`,
      });
      const stale = page.items.map(repo.toRecord).filter(differs);
      for (let i = 0; i < stale.length; i += CONCURRENCY)
        await Promise.all(stale.slice(i, i + CONCURRENCY).map(rewrite));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return changed;
}
