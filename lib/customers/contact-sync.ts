import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { contactRefKey, contactSearchKey, customerChildPrefix, type Key } from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { isConditionFailed } from '../db/write.ts';
import {
  contactItem,
  contactScopeOf,
  type StoredContact,
  storedScope,
  toContactRecord,
  toStored,
} from './contact-items.ts';
import type { CustomerRecord } from './rules.ts';

/**
 * Keeps the contacts' copy of their customer's scope exact. The customers module's `commit` runs
 * this once a change of the customer that changes that copy (transfer, share, recycle bin, pool,
 * privacy, rename, the owner's role) went in: never in the customer's transaction.
 *
 * Reading the contacts after the customer's write is what makes it exact: a contact written before
 * it is read here, and one written after it was built from this version of the customer or a newer
 * one (adding or editing a contact checks the customer at the version it read). Each rewrite
 * replaces only a copy of an older version, at the contact's own version (an edit meanwhile makes
 * it read that contact again).
 */
export async function syncContacts(tenantId: string, customer: CustomerRecord): Promise<void> {
  const { pk, skPrefix } = customerChildPrefix(tenantId, customer.id, 'contact');
  const scope = contactScopeOf(customer);
  for (let round = 1; ; round += 1) {
    const items = await queryAll<Record<string, unknown>>({
      tenantId,
      pk,
      sk: { beginsWith: skPrefix },
      consistent: true,
    });
    const stale = items.filter((item) => (storedScope(item).customerVersion ?? 0) < customer.version);
    const outcomes = await Promise.allSettled(
      stale.map((item) => {
        const r = toContactRecord(item);
        return db().send(
          new PutCommand({
            TableName: tableName(),
            Item: contactItem(tenantId, { ...r, version: r.version + 1 }, scope),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': r.version },
          }),
        );
      }),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (!failed) return;
    if (!isConditionFailed(failed.reason) || round >= MAX_ROUNDS) throw failed.reason;
  }
}

/** Rounds of reading the contacts again after one changed under the rewrite. */
const MAX_ROUNDS = 8;

/** What lives outside the customer's collection for a contact item: its reference and search terms. */
export function contactOutsideKeys(tenantId: string, item: Record<string, unknown>): Key[] {
  const c = toStored(item) as StoredContact;
  return [
    contactRefKey(tenantId, c.id),
    ...(c.searchTerms ?? []).map((t) => contactSearchKey(tenantId, t.term, c.id)),
  ];
}
