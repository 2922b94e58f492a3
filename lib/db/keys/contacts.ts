// Contacts (lib/contacts).

import { customerCollection } from './customers.ts';
import { ownerScopePrefix, SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * A contact is a child of its customer's item collection (`CONTACT#<contactId>`, written by the
 * customers module's builders), so the 360 view reads it with the customer. Beside it:
 *   contactRefKey     T#t#CREF#<contactId>      REF                 which customer a contact id belongs to
 *   contactsMetaKey   T#t#C#<customerId>        CONTACTS            primary contact, count, and a sequence
 *                     every contact create/delete moves (keeps one primary; lets a change of the
 *                     customer's scope notice a contact that appeared meanwhile)
 *   contactSearchKey  T#t#KSEARCH#<first char>  <term>#<contactId>  name, pinyin, initials, E.164 phones
 * A contact of an ACTIVE customer carries a copy of the customer's scope (owner, role path, private,
 * shares, name) and takes part in
 *   contactsByScope   T#t#CONTACT#ACTIVE        <ownerRolePath>|<owner>|<sortName>|<contactId>
 * The customers module rewrites those copies in the same transaction as every change of the scope.
 */

export const contactRefKey = (tenantId: string, contactId: string): Key => ({
  pk: `${t(tenantId)}${SEP}CREF${SEP}${contactId}`,
  sk: 'REF',
});

/** Deliberately not under `CONTACT#`: listing a customer's contacts never reads it. */
export const contactsMetaKey = (tenantId: string, customerId: string): Key => ({
  pk: customerCollection(tenantId, customerId).pk,
  sk: 'CONTACTS',
});

const contactScopePk = (tenantId: string) => `${t(tenantId)}${SEP}CONTACT${SEP}ACTIVE`;

export const contactScopeKeys = (
  tenantId: string,
  s: { ownerRolePath: string; ownerId: string; sortName: string; contactId: string },
) => ({
  contactsByScopePk: contactScopePk(tenantId),
  contactsByScopeSk: `${ownerScopePrefix(s.ownerRolePath, s.ownerId)}${s.sortName}|${s.contactId}`,
});

/** The Query of each contact scope (ascending: name order within an owner). */
export const contactLists = {
  /** Contacts of the caller's own customers. */
  mine: (tenantId: string, rolePath: string, userId: string) => ({
    index: 'contactsByScope' as const,
    pk: contactScopePk(tenantId),
    skPrefix: ownerScopePrefix(rolePath, userId),
  }),
  /** Strictly below `rolePath` (role ids are fixed-length, so `<path>/` matches no peer). */
  below: (tenantId: string, rolePath: string) => ({
    index: 'contactsByScope' as const,
    pk: contactScopePk(tenantId),
    skPrefix: `${rolePath}/`,
  }),
  /** Every contact of an active customer of the tenant. */
  company: (tenantId: string) => ({
    index: 'contactsByScope' as const,
    pk: contactScopePk(tenantId),
  }),
};

const contactSearchPk = (tenantId: string, term: string) =>
  `${t(tenantId)}${SEP}KSEARCH${SEP}${[...term][0] ?? ''}`;
export const contactSearchKey = (tenantId: string, term: string, contactId: string): Key => ({
  pk: contactSearchPk(tenantId, term),
  sk: `${term}${SEP}${contactId}`,
});
/** Terms starting with `prefix`; `exact` for exactly that term (a phone). */
export const contactSearchQuery = (tenantId: string, prefix: string, exact = false) => ({
  pk: contactSearchPk(tenantId, prefix),
  skPrefix: exact ? `${prefix}${SEP}` : prefix,
});
