import { tableName } from '../db/client.ts';
import { stripKeys } from '../db/items.ts';
import {
  birthdayKeys,
  contactRefKey,
  contactScopeKeys,
  contactSearchKey,
  contactsMetaKey,
  customerChildKey,
} from '../db/keys.ts';
import type { TransactItem } from '../db/write.ts';
import { Conflict } from '../http/errors.ts';
import type { Contact } from './contact-schemas.ts';
import { type ContactTermKind, contactSearchTerms, initialSortName, sortKeyOf } from './contact-terms.ts';
import type { CustomerRecord } from './rules.ts';
import type { CustomerState } from './schemas.ts';

/**
 * The items a contact consists of, and the transaction steps that write them. The customers module
 * builds a new customer's initial contacts and keeps the contacts' copy of its scope in step with
 * these, so contacts are written the same way whoever writes them.
 */

/** A contact as stored (its own data; the customer's scope is kept beside it). */
export interface ContactRecord {
  id: string;
  customerId: string;
  name: string;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  notes: string | null;
  primary: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
  /** Who made the change of this version through the API (the events' actor). */
  updatedBy?: { id: string; name: string; version: number } | null;
  searchTerms: Array<{ term: string; kinds: ContactTermKind[] }>;
  /**
   * Where the contact sorts in its owner's list: its name's pinyin, set by the `name-search` stream
   * consumer (contact-terms.ts `initialSortName` until then) and kept by every rewrite (a transfer,
   * a claim). Contacts stored before it carried one get it in `toContactRecord`.
   */
  sortName: string;
}

/**
 * The customer's data scope as every contact carries it: who may see the contact is decided on
 * this copy (lists, broadcasts) exactly as on the customer, and the customer's name is shown.
 */
export interface ContactScope {
  customerName: string;
  ownerId: string | null;
  ownerName: string | null;
  ownerRolePath: string | null;
  customerState: CustomerState;
  customerPrivate: boolean;
  sharedWith: string[];
  /**
   * The customer's version this copy was taken from: a rewrite after the customer's change
   * (contact-sync.ts) only ever replaces an older copy. Absent on contacts stored before it was kept.
   */
  customerVersion?: number;
}

export const contactScopeOf = (c: CustomerRecord): ContactScope => ({
  customerName: c.name,
  ownerId: c.ownerId,
  ownerName: c.ownerName,
  ownerRolePath: c.ownerRolePath,
  customerState: c.state,
  customerPrivate: c.private,
  sharedWith: c.shares.map((s) => s.userId),
  customerVersion: c.version,
});

/** Whether a change of the customer changes what its contacts carry (and must rewrite them). */
export const contactScopeChanged = (next: CustomerRecord, prev: CustomerRecord) => {
  const { customerVersion: _next, ...nextScope } = contactScopeOf(next);
  const { customerVersion: _prev, ...prevScope } = contactScopeOf(prev);
  return JSON.stringify(nextScope) !== JSON.stringify(prevScope);
};

export type StoredContact = ContactRecord & ContactScope;

/** The contact item: its record, the scope copy and, while the customer is active, its list entry. */
export function contactItem(tenantId: string, r: ContactRecord, scope: ContactScope) {
  const listed = scope.customerState === 'active' && scope.ownerId !== null && scope.ownerRolePath !== null;
  return {
    ...customerChildKey(tenantId, r.customerId, 'contact', r.id),
    type: 'contact',
    ...r,
    ...scope,
    ...(listed
      ? contactScopeKeys(tenantId, {
          ownerRolePath: scope.ownerRolePath as string,
          ownerId: scope.ownerId as string,
          sortName: r.sortName,
          contactId: r.id,
        })
      : {}),
    // The owner is reminded of the birthday (lib/followups date-reminders) while the customer is theirs.
    ...(listed && r.birthday ? birthdayKeys(tenantId, r.birthday, 'P', r.id) : {}),
  };
}

export const toStored = (item: Record<string, unknown>): StoredContact => stripKeys<StoredContact>(item);

/**
 * The sort name of a contact stored before records carried one: the one in its list key (the
 * segment before the contact id), else its name's letters and digits, which is exact for names
 * without Chinese characters (a Chinese name then sorts by its Latin part until it is renamed).
 */
function storedSortName(item: Record<string, unknown>, name: string): string {
  const sk = item.contactsByScopeSk;
  if (typeof sk === 'string') {
    const parts = sk.split('|');
    const key = parts[parts.length - 2];
    if (key) return key;
  }
  return sortKeyOf(name);
}

/** The copy of its customer's scope a stored contact carries. */
export function storedScope(item: Record<string, unknown>): ContactScope {
  const c = toStored(item);
  return {
    customerName: c.customerName,
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    ownerRolePath: c.ownerRolePath,
    customerState: c.customerState,
    customerPrivate: c.customerPrivate,
    sharedWith: c.sharedWith,
    ...(c.customerVersion === undefined ? {} : { customerVersion: c.customerVersion }),
  };
}

/** A stored contact without the copy of its customer's scope (what a rewrite under a new scope starts from). */
export function toContactRecord(item: Record<string, unknown>): ContactRecord {
  const {
    customerName,
    ownerId,
    ownerName,
    ownerRolePath,
    customerState,
    customerPrivate,
    sharedWith,
    customerVersion,
    ...r
  } = toStored(item);
  return { ...r, sortName: r.sortName ?? storedSortName(item, r.name) };
}

/** The public shape of a stored contact item. */
export function presentContact(item: Record<string, unknown> | StoredContact): Contact {
  const c = toStored(item as Record<string, unknown>);
  return {
    id: c.id,
    customerId: c.customerId,
    customerName: c.customerName,
    ownerId: c.ownerId ?? null,
    ownerName: c.ownerName ?? null,
    name: c.name,
    title: c.title ?? null,
    mobile: c.mobile ?? null,
    phone: c.phone ?? null,
    email: c.email ?? null,
    birthday: c.birthday ?? null,
    notes: c.notes ?? null,
    primary: c.primary,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  };
}

/** A new contact at version 1; phones must be E.164 already. */
export function newContactRecord(args: {
  id: string;
  customerId: string;
  fields: Pick<ContactRecord, 'name' | 'title' | 'mobile' | 'phone' | 'email' | 'birthday' | 'notes'>;
  primary: boolean;
  at: string;
  by: string;
}): ContactRecord {
  const f = args.fields;
  return {
    id: args.id,
    customerId: args.customerId,
    name: f.name,
    title: f.title,
    mobile: f.mobile,
    phone: f.phone,
    email: f.email,
    birthday: f.birthday,
    notes: f.notes,
    primary: args.primary,
    createdAt: args.at,
    createdBy: args.by,
    updatedAt: args.at,
    version: 1,
    searchTerms: contactSearchTerms(f),
    sortName: initialSortName(f.name),
  };
}

// ---- steps -------------------------------------------------------------------------------------

/** Structurally the customers module's `Step`: one transaction item and what its failure means. */
export interface ContactStep {
  item: TransactItem;
  fail: () => Error | Promise<Error>;
}

const TABLE = () => tableName();
const NEW = 'attribute_not_exists(pk)';
const exists = () => new Conflict('contact_exists', 'The contact exists already.');

export const searchItem = (
  tenantId: string,
  r: Pick<ContactRecord, 'id' | 'customerId'>,
  t: ContactRecord['searchTerms'][number],
) => ({
  ...contactSearchKey(tenantId, t.term, r.id),
  type: 'contactSearch',
  contactId: r.id,
  customerId: r.customerId,
  ...t,
});

export const refItem = (tenantId: string, r: Pick<ContactRecord, 'id' | 'customerId'>) => ({
  ...contactRefKey(tenantId, r.id),
  type: 'contactRef',
  contactId: r.id,
  customerId: r.customerId,
});

/** The search items that move when a contact's terms change (or all of them, for a new or deleted one). */
export function searchSteps(tenantId: string, next: ContactRecord | null, prev: ContactRecord | null) {
  const r = (next ?? prev) as ContactRecord;
  const before = new Map((prev?.searchTerms ?? []).map((t) => [t.term, JSON.stringify(t.kinds)]));
  const after = new Map((next?.searchTerms ?? []).map((t) => [t.term, t]));
  const steps: ContactStep[] = [];
  for (const [term, t] of after) {
    if (before.get(term) !== JSON.stringify(t.kinds))
      steps.push({
        item: { Put: { TableName: TABLE(), Item: searchItem(tenantId, r, t) } },
        fail: () => new Error('contact search put failed'),
      });
  }
  for (const term of before.keys()) {
    if (!after.has(term))
      steps.push({
        item: { Delete: { TableName: TABLE(), Key: contactSearchKey(tenantId, term, r.id) } },
        fail: () => new Error('contact search delete failed'),
      });
  }
  return steps;
}

/** A new contact: its item, the reference from its id to its customer, and its search terms. */
export function newContactSteps(tenantId: string, r: ContactRecord, scope: ContactScope): ContactStep[] {
  return [
    {
      item: { Put: { TableName: TABLE(), Item: contactItem(tenantId, r, scope), ConditionExpression: NEW } },
      fail: exists,
    },
    {
      item: { Put: { TableName: TABLE(), Item: refItem(tenantId, r), ConditionExpression: NEW } },
      fail: exists,
    },
    ...searchSteps(tenantId, r, null),
  ];
}

/**
 * A new customer's contacts (POST /v1/customers): their items and the customer's contact record
 * (how many, which one is primary). The customer is new, so nothing else can hold them yet.
 */
export function initialContactSteps(
  tenantId: string,
  customer: CustomerRecord,
  contacts: ContactRecord[],
): ContactStep[] {
  if (contacts.length === 0) return [];
  const scope = contactScopeOf(customer);
  const primary = contacts.find((c) => c.primary);
  return [
    ...contacts.flatMap((c) => newContactSteps(tenantId, c, scope)),
    {
      item: {
        Put: {
          TableName: TABLE(),
          Item: {
            ...contactsMetaKey(tenantId, customer.id),
            type: 'contactsMeta',
            customerId: customer.id,
            contactCount: contacts.length,
            seq: contacts.length,
            ...(primary ? { primaryContactId: primary.id } : {}),
          },
          ConditionExpression: NEW,
        },
      },
      fail: exists,
    },
  ];
}
