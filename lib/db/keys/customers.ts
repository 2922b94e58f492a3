// Customers (lib/customers).

import { belowSk, ownerScopePrefix, SEP, t } from './parts.ts';
import { type IndexName, indexKeys, type Key } from './table.ts';

/*
 * A customer is one item collection, `pk = T#t#C#<customerId>`: the customer itself at
 * `sk = CUSTOMER` and every child under its own sort-key prefix (CUSTOMER_CHILD), so the 360 view
 * is ONE Query on the pk and purge/merge page through one partition. Children of later contexts go
 * into the same collection under the prefixes reserved here.
 *
 * The customer item takes part in the list indexes according to its state (a Put replaces the
 * whole item, so a state change drops the old index attributes by itself):
 *   active   customersBelow    T#t#CUST#BELOW          <ownerRolePath>|<owner>|<inverted updatedAt>|<id>
 *            customersByList   T#t#CUST#ALL            <updatedAt>#<id>
 *            hotByOwner        T#t#CUST#HOT#<owner>    <updatedAt>#<id>            (only when hot)
 *   recycled customersByOwner  T#t#CUST#BIN#<owner>    <deletedAt>#<id>
 *            customersBelow    T#t#CUST#BINBELOW       <ownerRolePath>|<owner>|<inverted deletedAt>|<id>
 *            customersByList   T#t#CUST#BINALL         <deletedAt>#<id>
 *   pool     customersByList   T#t#POOL#<poolId>       <updatedAt>#<id>
 * An active customer has no customersByOwner entry: a user's own customers are their prefix of
 * customersBelow (`customerLists.mine`), so an edit moves one entry fewer.
 * Share items (SHARE#<userId>) of an active customer carry
 *            sharedWith        T#t#CUST#SHARED#<user>  <updatedAt>#<customerId>
 * Tag copies (TAG#<tag>), one per tag of the customer, carry the packed record (`rec`) and each of its
 * customersByOwner / customersBelow / customersByList / hotByOwner / reclaimSoon entries with the
 * partition key suffixed `#TAG#<tag>` and the same sort key: `?tag=` on a view queries the tag's
 * partition of the view's own index, so it reads what it returns, in the view's order.
 */

/** Sort-key prefixes of a customer's children (the customer itself is `CUSTOMER_SK`). */
export const CUSTOMER_CHILD = {
  /** CONTACT#<contactId>: contacts (联系人). */
  contact: 'CONTACT#',
  /** FOLLOWUP#<ulid>: follow-up records (跟进记录); replies live inside their record (lib/followups). */
  followup: 'FOLLOWUP#',
  /** PLAN#<ulid>: follow-up plans (跟进计划). */
  plan: 'PLAN#',
  /** NEWS#<ulid>: web news items (网络资讯). */
  news: 'NEWS#',
  /** REL#<relatedCustomerId>: related customers (关联客户); the other customer holds the reverse. */
  relation: 'REL#',
  /** SHARE#<userId>: one per user the customer is shared with, carrying a copy of the customer. */
  share: 'SHARE#',
  /** TAG#<tag>: one per tag, a copy of the customer on the tag's list partitions (`customerTagKeys`). */
  tag: 'TAG#',
  /** HIST#<ulid>: owner history (create, transfer, claim, release, ...). */
  history: 'HIST#',
  /** CONTRACT#<contractId>: contracts. */
  contract: 'CONTRACT#',
  /** PAYMENT#<contractId>#<paymentId>: payments received (lib/pipeline). */
  payment: 'PAYMENT#',
  /** OPP#<opportunityId>: opportunities (商机, lib/pipeline). */
  opportunity: 'OPP#',
  /** PAYPLAN#<contractId>#<planId>: payment plans (收款计划, lib/pipeline). */
  paymentPlan: 'PAYPLAN#',
} as const;
export type CustomerChildKind = keyof typeof CUSTOMER_CHILD;
export const CUSTOMER_SK = 'CUSTOMER';

const customerPk = (tenantId: string, customerId: string) => `${t(tenantId)}${SEP}C${SEP}${customerId}`;

/**
 * A merge too big for one transaction (lib/customers/merge.ts): written with it, naming the
 * sources whose remaining children still move to the target, and deleted when they all have. On
 * `scheduled` (across tenants, by the merge's instant) the `merge-sweeps` job finds the ones a
 * request left unfinished.
 */
export const mergeSweepKey = (tenantId: string, mergeId: string): Key => ({
  pk: `${t(tenantId)}${SEP}MERGESWEEP`,
  sk: mergeId,
});
const MERGE_SWEEPS_PK = `SCHED${SEP}MERGE`;
export const mergeSweepSchedule = (tenantId: string, mergeId: string, at: string) => ({
  scheduledPk: MERGE_SWEEPS_PK,
  scheduledSk: `${at}${SEP}${tenantId}${SEP}${mergeId}`,
});
/** Pending merges begun at or before `before`, oldest first, across tenants. */
export const mergeSweepsQuery = (before: string) => ({
  index: 'scheduled' as const,
  pk: MERGE_SWEEPS_PK,
  upTo: `${before}${SEP}~`,
});

export const customerKey = (tenantId: string, customerId: string): Key => ({
  pk: customerPk(tenantId, customerId),
  sk: CUSTOMER_SK,
});
export const customerChildKey = (
  tenantId: string,
  customerId: string,
  kind: CustomerChildKind,
  childId: string,
): Key => ({ pk: customerPk(tenantId, customerId), sk: `${CUSTOMER_CHILD[kind]}${childId}` });
/** Every item of a customer (the 360 view, purge, merge). */
export const customerCollection = (tenantId: string, customerId: string) => ({
  pk: customerPk(tenantId, customerId),
});
export const customerChildPrefix = (tenantId: string, customerId: string, kind: CustomerChildKind) => ({
  pk: customerPk(tenantId, customerId),
  skPrefix: CUSTOMER_CHILD[kind],
});
/** What a collection item is, from its sort key. */
export function customerChildKind(sk: string): CustomerChildKind | 'customer' | undefined {
  if (sk === CUSTOMER_SK) return 'customer';
  const found = Object.entries(CUSTOMER_CHILD).find(([, prefix]) => sk.startsWith(prefix));
  return found?.[0] as CustomerChildKind | undefined;
}

export type CustomerListing =
  | { state: 'active'; ownerId: string; ownerRolePath: string; updatedAt: string; hot: boolean }
  | { state: 'recycled'; ownerId: string; ownerRolePath: string; deletedAt: string }
  | { state: 'pool'; poolId: string; updatedAt: string };

/** The list-index attributes of a customer item in its current state. */
export function customerIndexKeys(tenantId: string, id: string, l: CustomerListing): Record<string, string> {
  const c = `${t(tenantId)}${SEP}CUST${SEP}`;
  switch (l.state) {
    case 'active':
      return {
        customersBelowPk: `${c}BELOW`,
        customersBelowSk: belowSk(l.ownerRolePath, l.ownerId, l.updatedAt, id),
        customersByListPk: `${c}ALL`,
        customersByListSk: `${l.updatedAt}${SEP}${id}`,
        ...(l.hot
          ? { hotByOwnerPk: `${c}HOT${SEP}${l.ownerId}`, hotByOwnerSk: `${l.updatedAt}${SEP}${id}` }
          : {}),
      };
    case 'recycled':
      return {
        customersByOwnerPk: `${c}BIN${SEP}${l.ownerId}`,
        customersByOwnerSk: `${l.deletedAt}${SEP}${id}`,
        customersBelowPk: `${c}BINBELOW`,
        customersBelowSk: belowSk(l.ownerRolePath, l.ownerId, l.deletedAt, id),
        customersByListPk: `${c}BINALL`,
        customersByListSk: `${l.deletedAt}${SEP}${id}`,
      };
    case 'pool':
      return {
        customersByListPk: `${t(tenantId)}${SEP}POOL${SEP}${l.poolId}`,
        customersByListSk: `${l.updatedAt}${SEP}${id}`,
      };
  }
}

/** The index attributes of a share item: only while the customer is active. */
export const sharedWithKeys = (tenantId: string, userId: string, updatedAt: string, customerId: string) => ({
  sharedWithPk: `${t(tenantId)}${SEP}CUST${SEP}SHARED${SEP}${userId}`,
  sharedWithSk: `${updatedAt}${SEP}${customerId}`,
});

/** The Query of each customer list view (index, partition, optional sort-key prefix, direction). */
export const customerLists = {
  /**
   * One owner's customers, newest update first: their prefix of customersBelow at the role path
   * the entries carry, which is the owner's own once the owner-sync consumer has re-keyed them after
   * a role change (until then the list is found under the former path).
   */
  mine: (tenantId: string, rolePath: string, userId: string) => ({
    index: 'customersBelow' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}BELOW`,
    skPrefix: ownerScopePrefix(rolePath, userId),
    ascending: true,
  }),
  ownBin: (tenantId: string, userId: string) => ({
    index: 'customersByOwner' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}BIN${SEP}${userId}`,
    ascending: false,
  }),
  /** Strictly below `rolePath`: role ids are fixed-length, so `<path>/` never matches a peer or a cousin. */
  below: (tenantId: string, rolePath: string) => ({
    index: 'customersBelow' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}BELOW`,
    skPrefix: `${rolePath}/`,
    ascending: true,
  }),
  binBelow: (tenantId: string, rolePath: string) => ({
    index: 'customersBelow' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}BINBELOW`,
    skPrefix: `${rolePath}/`,
    ascending: true,
  }),
  hot: (tenantId: string, userId: string) => ({
    index: 'hotByOwner' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}HOT${SEP}${userId}`,
    ascending: false,
  }),
  shared: (tenantId: string, userId: string) => ({
    index: 'sharedWith' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}SHARED${SEP}${userId}`,
    ascending: false,
  }),
  company: (tenantId: string) => ({
    index: 'customersByList' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}ALL`,
    ascending: false,
  }),
  pool: (tenantId: string, poolId: string) => ({
    index: 'customersByList' as const,
    pk: `${t(tenantId)}${SEP}POOL${SEP}${poolId}`,
    ascending: false,
  }),
  bin: (tenantId: string) => ({
    index: 'customersByList' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}BINALL`,
    ascending: false,
  }),
};

// Tag copies (lib/customers/repository.ts tagSteps, lib/customers/lists.ts): every view but
// `shared` narrows by tag through its own index, in the tag's partition, not by a filter.

/**
 * A tag as it appears in keys: `%` and `#` percent-encoded (the Tag schema allows any text), so a
 * tag can neither end a key part early nor spell another tag: distinct tags, distinct keys.
 */
const tagPart = (tag: string) => tag.replace(/[%#]/g, (ch) => encodeURIComponent(ch));
const taggedPk = (pk: string, tag: string) => `${pk}${SEP}TAG${SEP}${tagPart(tag)}`;

/** A customer's copy for one of its tags, in its collection. */
export const customerTagKey = (tenantId: string, customerId: string, tag: string): Key =>
  customerChildKey(tenantId, customerId, 'tag', tagPart(tag));

/** The list indexes on which a tag copy repeats its customer's entries. */
const TAGGED_INDEXES: readonly IndexName[] = [
  'customersByOwner',
  'customersBelow',
  'customersByList',
  'hotByOwner',
  'reclaimSoon',
];

/**
 * The index attributes of a customer's tag copy, derived from the customer item's own: each list
 * entry the item has, in the tag's partition (`<pk>#TAG#<tag>`) at the same sort key, so a tagged
 * list is the view's list narrowed to the tag, in the same order. The item's other entries
 * (agenda, birthdays, the reclaim job's reclaimDue) stay with the customer item alone.
 */
export function customerTagKeys(customerItem: Record<string, unknown>, tag: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const index of TAGGED_INDEXES) {
    const { pk, sk } = indexKeys(index);
    const [p, s] = [customerItem[pk], customerItem[sk]];
    if (typeof p === 'string' && typeof s === 'string') {
      keys[pk] = taggedPk(p, tag);
      keys[sk] = s;
    }
  }
  return keys;
}

/** A customer list (customerLists, reclaimLists.soon) narrowed to one tag: the tag's partition of its index. */
export function taggedList<L extends { index: IndexName; pk: string }>(list: L, tag: string): L {
  if (!TAGGED_INDEXES.includes(list.index)) throw new Error(`${list.index} holds no tag copies`);
  return { ...list, pk: taggedPk(list.pk, tag) };
}

/**
 * Search terms of customers (normalised name and core name, pinyin, initials, E.164 phone), one
 * item per term and customer, partitioned by the customer's state (active, pool, recycled: the
 * views search only their own) and the term's first character: a prefix search is one Query on
 * one partition, never a Scan. `q=`, the duplicate check and the 409 body use them.
 */
export type SearchState = 'active' | 'pool' | 'recycled';
export const SEARCH_STATES: readonly SearchState[] = ['active', 'pool', 'recycled'];
const searchPk = (tenantId: string, state: SearchState, term: string) =>
  `${t(tenantId)}${SEP}CSEARCH${SEP}${state}${SEP}${[...term][0] ?? ''}`;
export const customerSearchKey = (
  tenantId: string,
  state: SearchState,
  term: string,
  customerId: string,
): Key => ({
  pk: searchPk(tenantId, state, term),
  sk: `${term}${SEP}${customerId}`,
});
/** Terms starting with `prefix`; pass `exact` for the items of exactly that term. */
export const customerSearchQuery = (tenantId: string, state: SearchState, prefix: string, exact = false) => ({
  pk: searchPk(tenantId, state, prefix),
  skPrefix: exact ? `${prefix}${SEP}` : prefix,
});

/**
 * How many customers hold a normalised name. Where duplicate names are disallowed the create (or
 * rename) adds one on the condition that nobody holds it, in the customer's own transaction.
 */
export const customerNameKey = (tenantId: string, nameKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}CNAME${SEP}${nameKey}`,
  sk: 'NAME',
});

/**
 * A user's counters: `ownedCount` (customers owned, for maxCustomersPerRep), moved in the same
 * transaction as every ownership change; the pool adds its own (locked, claims per day).
 */
export const userCountersKey = (tenantId: string, userId: string): Key => ({
  pk: `${t(tenantId)}${SEP}UCOUNT${SEP}${userId}`,
  sk: 'COUNTERS',
});

// Customer import (lib/customers/import-lease.ts): beside the counters, an import's quota
// reservation `IMPORT#<importId>` and its progress shards `IMPORT#<importId>#<nn>`, one per writer.
const IMPORT_PREFIX = `IMPORT${SEP}`;
export const importLeaseKey = (tenantId: string, userId: string, importId: string): Key => ({
  pk: userCountersKey(tenantId, userId).pk,
  sk: `${IMPORT_PREFIX}${importId}`,
});
export const importShardKey = (tenantId: string, userId: string, importId: string, shard: number): Key => ({
  pk: userCountersKey(tenantId, userId).pk,
  sk: `${IMPORT_PREFIX}${importId}${SEP}${String(shard).padStart(2, '0')}`,
});
/** Every open import lease of a user with its shards (none once imports have settled). */
export const importLeasesOf = (tenantId: string, userId: string) => ({
  pk: userCountersKey(tenantId, userId).pk,
  skPrefix: IMPORT_PREFIX,
});
/** Which lease and shard an item of `importLeasesOf` is (shard undefined for the lease itself). */
export function importLeasePart(sk: string): { importId: string; shard?: number } {
  const [importId = '', shard] = sk.slice(IMPORT_PREFIX.length).split(SEP);
  return shard === undefined ? { importId } : { importId, shard: Number(shard) };
}
