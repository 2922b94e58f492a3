import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type ContactStep, type StoredContact, toStored } from '../customers/contact-items.ts';
import type { ContactTermKind } from '../customers/contact-terms.ts';
import { batchGet } from '../db/batch.ts';
import { db, tableName } from '../db/client.ts';
import {
  contactRefKey,
  contactSearchQuery,
  contactsMetaKey,
  customerChildKey,
  customerChildPrefix,
  customerKey,
} from '../db/keys.ts';
import { type Page, queryAll, queryPage } from '../db/query.ts';
import { Unprocessable } from '../http/errors.ts';
import { MAX_CONTACTS } from './schemas.ts';

/** The contacts' reads, and the writes of their per-customer record (count, primary, sequence). */

export interface ContactsMeta {
  contactCount: number;
  primaryContactId: string | null;
  seq: number;
}

/** A contact was made primary (or lost the flag) meanwhile: read again and retry. */
export class PrimaryMoved extends Error {
  constructor() {
    super('the primary contact changed meanwhile');
  }
}

const TABLE = () => tableName();

/** Which customer a contact id belongs to. */
export async function getContactRef(tenantId: string, contactId: string): Promise<string | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: contactRefKey(tenantId, contactId) }),
  );
  return out.Item?.customerId as string | undefined;
}

/** The customers of many contact ids (BatchGet); unknown ids are left out. */
export async function getContactRefs(tenantId: string, contactIds: string[]): Promise<Map<string, string>> {
  const items = await batchGet([...new Set(contactIds)].map((id) => contactRefKey(tenantId, id)));
  return new Map(items.map((i) => [i.contactId as string, i.customerId as string]));
}

export async function getContact(
  tenantId: string,
  customerId: string,
  contactId: string,
): Promise<StoredContact | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: TABLE(),
      Key: customerChildKey(tenantId, customerId, 'contact', contactId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? toStored(out.Item) : undefined;
}

/** Contacts by (customer, contact) id (BatchGet); missing ones are left out. */
export async function getContacts(
  tenantId: string,
  refs: Array<{ contactId: string; customerId: string }>,
): Promise<Map<string, StoredContact>> {
  const items = await batchGet(
    refs.map((r) => customerChildKey(tenantId, r.customerId, 'contact', r.contactId)),
  );
  return new Map(items.map((i) => [i.id as string, toStored(i)]));
}

/** Every contact of one customer (at most MAX_CONTACTS: one Query). */
export async function customerContacts(tenantId: string, customerId: string): Promise<StoredContact[]> {
  const { pk, skPrefix } = customerChildPrefix(tenantId, customerId, 'contact');
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk, sk: { beginsWith: skPrefix } });
  return items.map(toStored);
}

export async function getContactsMeta(tenantId: string, customerId: string): Promise<ContactsMeta> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: contactsMetaKey(tenantId, customerId), ConsistentRead: true }),
  );
  return {
    contactCount: (out.Item?.contactCount as number | undefined) ?? 0,
    primaryContactId: (out.Item?.primaryContactId as string | undefined) ?? null,
    seq: (out.Item?.seq as number | undefined) ?? 0,
  };
}

/**
 * The customer's contact record as one contact comes, goes or changes its primary flag: the count
 * stays within MAX_CONTACTS (422 too_many_contacts), the sequence moves on every come and go (what
 * a concurrent change of the customer's scope checks), and the primary moves only from the one read.
 */
export function contactsMetaStep(
  tenantId: string,
  customerId: string,
  change: { count: 1 | 0 | -1; primary?: { from: string | null; to: string | null } },
): ContactStep {
  const names: Record<string, string> = { '#type': 'type' };
  const values: Record<string, unknown> = { ':type': 'contactsMeta', ':cid': customerId };
  const set = ['#type = :type', 'customerId = :cid'];
  const add: string[] = [];
  const remove: string[] = [];
  const conditions: string[] = [];
  if (change.count !== 0) {
    add.push('seq :one', 'contactCount :count');
    values[':one'] = 1;
    values[':count'] = change.count;
  }
  if (change.count === 1) {
    conditions.push('(attribute_not_exists(contactCount) OR contactCount < :max)');
    values[':max'] = MAX_CONTACTS;
  }
  if (change.primary) {
    const { from, to } = change.primary;
    if (to) {
      set.push('primaryContactId = :to');
      values[':to'] = to;
    } else remove.push('primaryContactId');
    if (from) {
      conditions.push('primaryContactId = :from');
      values[':from'] = from;
    } else conditions.push('attribute_not_exists(primaryContactId)');
  }
  const expression = [
    `SET ${set.join(', ')}`,
    ...(add.length ? [`ADD ${add.join(', ')}`] : []),
    ...(remove.length ? [`REMOVE ${remove.join(', ')}`] : []),
  ].join(' ');
  return {
    item: {
      Update: {
        TableName: TABLE(),
        Key: contactsMetaKey(tenantId, customerId),
        UpdateExpression: expression,
        ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    fail: async () => {
      const meta = await getContactsMeta(tenantId, customerId);
      if (change.count === 1 && meta.contactCount >= MAX_CONTACTS)
        return new Unprocessable(
          'too_many_contacts',
          `A customer can have at most ${MAX_CONTACTS} contacts; delete one first.`,
        );
      return new PrimaryMoved();
    },
  };
}

/** The previous primary contact loses the flag (its version moves: what it shows changed). */
export function demoteStep(tenantId: string, customerId: string, contactId: string, at: string): ContactStep {
  return {
    item: {
      Update: {
        TableName: TABLE(),
        Key: customerChildKey(tenantId, customerId, 'contact', contactId),
        UpdateExpression: 'SET #primary = :false, version = version + :one, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND #primary = :true',
        ExpressionAttributeNames: { '#primary': 'primary' },
        ExpressionAttributeValues: { ':false': false, ':true': true, ':one': 1, ':at': at },
      },
    },
    fail: () => new PrimaryMoved(),
  };
}

/** The customer is still at the version whose scope the contact copies. */
export function customerAtVersion(
  tenantId: string,
  customerId: string,
  version: number,
  stale: () => Error,
): ContactStep {
  return {
    item: {
      ConditionCheck: {
        TableName: TABLE(),
        Key: customerKey(tenantId, customerId),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': version },
      },
    },
    fail: stale,
  };
}

export interface ContactHit {
  contactId: string;
  customerId: string;
  term: string;
  kinds: ContactTermKind[];
  /** On a pinyin term the name-search consumer indexed: all it indexed for the contact (term-hits.ts). */
  indexed?: string[];
}

/** One page of contact search terms starting with (or exactly) `prefix`. */
export function searchContacts(
  tenantId: string,
  wanted: { prefix: string; exact: boolean },
  page: { limit: number; cursor?: string | undefined; fingerprint: string },
): Promise<Page<ContactHit>> {
  const { pk, skPrefix } = contactSearchQuery(tenantId, wanted.prefix, wanted.exact);
  return queryPage<ContactHit>({ tenantId, pk, sk: { beginsWith: skPrefix }, ...page });
}
