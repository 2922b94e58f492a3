import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import {
  contactRefKey,
  contactSearchKey,
  contactsMetaKey,
  customerChildPrefix,
  type Key,
} from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import {
  type ContactStep,
  contactItem,
  contactScopeOf,
  type StoredContact,
  toContactRecord,
  toStored,
} from './contact-items.ts';
import type { CustomerRecord } from './rules.ts';

/**
 * Keeps the contacts' copy of their customer's scope exact. The customers module's `commit` asks
 * for these steps whenever a change of the customer changes that copy (transfer, share, recycle bin,
 * pool, privacy, rename, the owner's role), and runs them in the customer's own transaction.
 */

/**
 * A contact was created, changed or deleted after the contacts were read: the caller reads them
 * again and retries the whole transaction.
 */
export class ContactsMoved extends Error {
  constructor() {
    super('the contacts changed meanwhile');
  }
}

/**
 * Every contact of the customer rewritten with the customer's new scope, each at the version read
 * (a version bump: what the contact shows changed), and a check that no contact was added or
 * removed since (the contacts record's sequence).
 */
export async function contactSyncSteps(tenantId: string, customer: CustomerRecord): Promise<ContactStep[]> {
  const { pk, skPrefix } = customerChildPrefix(tenantId, customer.id, 'contact');
  const metaKey = contactsMetaKey(tenantId, customer.id);
  // The sequence first, then the contacts, both strongly consistent: a contact added after the
  // sequence was read moves it, and the condition below fails; one added before is in the list.
  // (Read side by side, a contact committed between the two reads would keep the old scope.)
  const meta = await db().send(
    new GetCommand({ TableName: tableName(), Key: metaKey, ConsistentRead: true }),
  );
  const items = await queryAll<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    consistent: true,
  });
  const seq = meta.Item?.seq as number | undefined;
  const scope = contactScopeOf(customer);
  const moved = () => new ContactsMoved();
  return [
    {
      item: {
        ConditionCheck: {
          TableName: tableName(),
          Key: metaKey,
          ...(seq === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': seq } }),
        },
      },
      fail: moved,
    },
    ...items.map((item): ContactStep => {
      const r = toContactRecord(item);
      return {
        item: {
          Put: {
            TableName: tableName(),
            Item: contactItem(tenantId, { ...r, version: r.version + 1 }, scope),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': r.version },
          },
        },
        fail: moved,
      };
    }),
  ];
}

/** What lives outside the customer's collection for a contact item: its reference and search terms. */
export function contactOutsideKeys(tenantId: string, item: Record<string, unknown>): Key[] {
  const c = toStored(item) as StoredContact;
  return [
    contactRefKey(tenantId, c.id),
    ...(c.searchTerms ?? []).map((t) => contactSearchKey(tenantId, t.term, c.id)),
  ];
}
