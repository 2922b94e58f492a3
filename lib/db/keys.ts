/**
 * The ONLY place where keys and index names are spelled. Every key starts with the tenant
 * (`T#<tenantId>`), so no query can reach across tenants. The access-pattern table lives in
 * lib/db/README.md; each builder here is named after the pattern it serves.
 *
 * Convention: a global secondary index named `x` is keyed by the attributes `xPk` and `xSk`, and
 * only items that take part in that pattern carry them (sparse indexes: an item leaves a list by
 * losing its attributes).
 */

// A type alias, not an interface: it must be assignable to the SDK's Record<string, ...> keys.
export type Key = { pk: string; sk: string };

const SEP = '#';
const t = (tenantId: string) => `T${SEP}${tenantId}`;

/**
 * The global secondary indexes, each named after the access pattern it serves.
 *
 * BUDGET: DynamoDB allows at most 20 GSIs per table and 17 are taken. Do NOT add a new index:
 * serve a new pattern from an existing one by giving your items that index's attributes with a
 * partition-key prefix of your own (items of different kinds never collide, as every key is
 * prefixed), and document the shared use at the index.
 */
export const indexes = {
  /** Users below a role (descendants of a role path), ordered by path: "all users below me". */
  usersBelow: 'usersBelow',
  /** Saved views (查询策略) shared with the whole tenant, per entity, oldest first. */
  sharedViews: 'sharedViews',
  // ---- customers (key builders in the customers section below)
  /**
   * A user's own customers (我的客户), newest update first; and their recycle bin, newest deletion first.
   * Shared: a customer's tag copies (`customerTagKeys`) repeat its entries under `<pk>#TAG#<tag>`.
   */
  customersByOwner: 'customersByOwner',
  /**
   * Customers of everyone strictly below a role (下属客户), and their recycle-bin entries: grouped by
   * owner role path, then owner, newest first within an owner. Shared: tag copies, under `<pk>#TAG#<tag>`.
   */
  customersBelow: 'customersBelow',
  /**
   * Tenant-wide customer lists by state, newest first: company (公司客户), one pool (公海), the whole bin.
   * Shared: tag copies, under `<pk>#TAG#<tag>`.
   */
  customersByList: 'customersByList',
  /** A user's hot customers (热点客户), newest update first. Shared: tag copies, under `<pk>#TAG#<tag>`. */
  hotByOwner: 'hotByOwner',
  /** Customers shared with a user (共享给我的客户): the share items carry a copy of the customer. */
  sharedWith: 'sharedWith',
  // ---- sales pipeline (key builders in the pipeline section below)
  /**
   * A user's own leads, opportunities and contracts (我的...), newest update first. Shared: a
   * contract's payments and payment plans, one partition per contract (the path names the contract only).
   */
  pipelineByOwner: 'pipelineByOwner',
  /** Leads, opportunities and contracts of everyone below a role (下属...), grouped by owner role path and owner. */
  pipelineBelow: 'pipelineBelow',
  /** Tenant-wide lists of leads, opportunities and contracts, newest first; open payment plans by due date. */
  pipelineByList: 'pipelineByList',
  /**
   * Where a deal stands: opportunities per stage (销售漏斗), grouped by owner role path so company,
   * mine and below are one index; signed contracts by end date (合同到期提醒).
   */
  pipelineByStage: 'pipelineByStage',
  // ---- follow-ups and notifications (key builders in the follow-ups section below)
  /**
   * A user's agenda, one partition per to-do list, sorted by time: open plans by due time, customers
   * never followed up, customers by last follow-up, records written, customers assigned, unread notifications.
   */
  agendaByUser: 'agendaByUser',
  /**
   * What falls due, for the scheduled jobs: open plans by due time (across tenants), birthdays by
   * MM-DD, merges a request left half-moved by their instant (across tenants).
   */
  scheduled: 'scheduled',
  // ---- contacts (key builders in the contacts section below)
  /**
   * Contacts of active customers (联系人查询) grouped by the customer's owner role path and owner, in
   * name (pinyin) order within an owner: mine, everyone below me and the whole company in one index.
   */
  contactsByScope: 'contactsByScope',
  // ---- public pool (key builders in the pool section below)
  /**
   * Owned customers by the instant they return to their pool (one partition per tenant and pool):
   * the reclaim job and the preview read `sk <= now`. Two cross-tenant partitions of pointers tell
   * the job which pools reclaim and which rule changes are still being applied.
   */
  reclaimDue: 'reclaimDue',
  /**
   * A user's customers by the instant their reclaim warning starts (即将进入公海). Shared: tag copies of
   * the customers, under `<pk>#TAG#<tag>`.
   */
  reclaimSoon: 'reclaimSoon',
} as const;

export type IndexName = keyof typeof indexes;

export const indexKeys = (index: IndexName) => ({ pk: `${index}Pk`, sk: `${index}Sk` }) as const;

/** The attribute DynamoDB's TTL deletes items by (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The table as both CDK and the DynamoDB Local setup create it. Every GSI projects ALL attributes:
 * each list renders the items it finds without a second read.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: TTL_ATTRIBUTE,
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: Object.values(indexes).map((name) => ({
    indexName: name,
    partitionKey: indexKeys(name).pk,
    sortKey: indexKeys(name).sk,
  })),
} as const;

// ---- tenant and organisation -------------------------------------------------------------------

export const tenantKey = (tenantId: string): Key => ({ pk: t(tenantId), sk: 'TENANT' });

export const roleKey = (tenantId: string, roleId: string): Key => ({
  pk: t(tenantId),
  sk: `ROLE${SEP}${roleId}`,
});
export const rolesPrefix = (tenantId: string) => ({ pk: t(tenantId), skPrefix: `ROLE${SEP}` });

export const userKey = (tenantId: string, userId: string): Key => ({
  pk: t(tenantId),
  sk: `USER${SEP}${userId}`,
});
export const usersPrefix = (tenantId: string) => ({ pk: t(tenantId), skPrefix: `USER${SEP}` });

/**
 * A role's materialized path: `/root/child/grandchild` (role ids). "Below role P" is every path
 * that starts with `P/`; peers share P exactly, so they never match.
 */
export const usersBelowKeys = (tenantId: string, rolePath: string, userId: string) => ({
  usersBelowPk: `${t(tenantId)}${SEP}USERS`,
  usersBelowSk: `${rolePath}|${userId}`,
});
export const usersBelowQuery = (tenantId: string, rolePath: string) => ({
  pk: `${t(tenantId)}${SEP}USERS`,
  skPrefix: `${rolePath}/`,
});

// ---- settings and dictionaries -----------------------------------------------------------------

export const settingsKey = (tenantId: string): Key => ({ pk: t(tenantId), sk: 'SETTINGS' });

export const dictionaryItemKey = (tenantId: string, kind: string, itemId: string): Key => ({
  pk: `${t(tenantId)}${SEP}DICT${SEP}${kind}`,
  sk: itemId,
});
export const dictionaryPrefix = (tenantId: string, kind: string) => ({
  pk: `${t(tenantId)}${SEP}DICT${SEP}${kind}`,
});

/**
 * Per kind, the labels of the top-level items (`childLabels`: normalized label -> id), as every item
 * holds those of its children: labels are unique among siblings by a condition on that map.
 */
export const dictionaryRootKey = (tenantId: string, kind: string): Key => ({
  pk: `${t(tenantId)}${SEP}DICTROOT`,
  sk: kind,
});

/** Custom field definitions of one entity: one Query loads them all. */
export const customFieldKey = (tenantId: string, entity: string, fieldId: string): Key => ({
  pk: `${t(tenantId)}${SEP}CFIELD${SEP}${entity}`,
  sk: fieldId,
});
export const customFieldsPrefix = (tenantId: string, entity: string) => ({
  pk: `${t(tenantId)}${SEP}CFIELD${SEP}${entity}`,
});
/** Guard item that makes a custom field's `key` unique per entity (conditional put). */
export const customFieldKeyGuard = (tenantId: string, entity: string, fieldKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}CFKEY${SEP}${entity}`,
  sk: fieldKey,
});

/** A user's saved list filters (查询策略): one partition per user, sorted by entity then id. */
export const savedViewKey = (tenantId: string, userId: string, entity: string, viewId: string): Key => ({
  pk: `${t(tenantId)}${SEP}VIEW${SEP}${userId}`,
  sk: `${entity}${SEP}${viewId}`,
});
export const savedViewsPrefix = (tenantId: string, userId: string, entity: string) => ({
  pk: `${t(tenantId)}${SEP}VIEW${SEP}${userId}`,
  skPrefix: `${entity}${SEP}`,
});
/** Only shared views carry these attributes: they are what the `sharedViews` index lists. */
export const sharedViewKeys = (tenantId: string, entity: string, viewId: string) => ({
  sharedViewsPk: `${t(tenantId)}${SEP}SVIEW${SEP}${entity}`,
  sharedViewsSk: viewId,
});
export const sharedViewsQuery = (tenantId: string, entity: string) => ({
  pk: `${t(tenantId)}${SEP}SVIEW${SEP}${entity}`,
});

// ---- customers -------------------------------------------------------------------------------
/*
 * A customer is one item collection, `pk = T#t#C#<customerId>`: the customer itself at
 * `sk = CUSTOMER` and every child under its own sort-key prefix (CUSTOMER_CHILD), so the 360 view
 * is ONE Query on the pk and purge/merge page through one partition. Children of later contexts go
 * into the same collection under the prefixes reserved here.
 *
 * The customer item takes part in the list indexes according to its state (a Put replaces the
 * whole item, so a state change drops the old index attributes by itself):
 *   active   customersByOwner  T#t#CUST#OWNED#<owner>  <updatedAt>#<id>
 *            customersBelow    T#t#CUST#BELOW          <ownerRolePath>|<owner>|<inverted updatedAt>|<id>
 *            customersByList   T#t#CUST#ALL            <updatedAt>#<id>
 *            hotByOwner        T#t#CUST#HOT#<owner>    <updatedAt>#<id>            (only when hot)
 *   recycled customersByOwner  T#t#CUST#BIN#<owner>    <deletedAt>#<id>
 *            customersBelow    T#t#CUST#BINBELOW       <ownerRolePath>|<owner>|<inverted deletedAt>|<id>
 *            customersByList   T#t#CUST#BINALL         <deletedAt>#<id>
 *   pool     customersByList   T#t#POOL#<poolId>       <updatedAt>#<id>
 * Share items (SHARE#<userId>) of an active customer carry
 *            sharedWith        T#t#CUST#SHARED#<user>  <updatedAt>#<customerId>
 * Tag copies (TAG#<tag>), one per tag of the customer, carry the whole record and each of its
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

/** Newest first under an ascending sort: 10^15 - epoch ms, fixed width. */
export const invertedTime = (iso: string) => String(1e15 - Date.parse(iso)).padStart(15, '0');

const belowSk = (rolePath: string, ownerId: string, at: string, id: string) =>
  `${rolePath}|${ownerId}|${invertedTime(at)}|${id}`;

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
        customersByOwnerPk: `${c}OWNED${SEP}${l.ownerId}`,
        customersByOwnerSk: `${l.updatedAt}${SEP}${id}`,
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
  mine: (tenantId: string, userId: string) => ({
    index: 'customersByOwner' as const,
    pk: `${t(tenantId)}${SEP}CUST${SEP}OWNED${SEP}${userId}`,
    ascending: false,
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

// ---- public pool (lib/pool) -------------------------------------------------------------------
/*
 * Pool definitions (公海): `T#t#POOLS`, sk `POOL#<poolId>` (the default pool is `POOL#default`),
 * names unique through guard items (`T#t#POOLNAME`, sk = normalised name); a rule change still
 * being applied to the pool's customers is a checkpoint item `RECOMPUTE#<poolId>` beside it.
 *
 * Reclaim (自动回收): an owned, unlocked customer whose pool reclaims carries
 *   reclaimDue   T#t#RECLAIM#<poolId>   <reclaimAt>#<id>      job and preview: sk <= now / at
 *   reclaimSoon  T#t#RSOON#<owner>      <warnAt>#<id>         view=reclaim-soon: sk <= now
 * and the job finds what to visit through two partitions of pointers, the only keys outside a
 * tenant (the job works across tenants; it reads pointers there, never customers):
 *   reclaimDue   RECLAIM#POOLS          <tenant>#<poolId>     pool items whose reclaim is enabled
 *   reclaimDue   RECLAIM#TASKS          <tenant>#<poolId>     recompute checkpoints still open
 */

export const poolKey = (tenantId: string, poolId: string): Key => ({
  pk: `${t(tenantId)}${SEP}POOLS`,
  sk: `POOL${SEP}${poolId}`,
});
export const poolsPrefix = (tenantId: string) => ({
  pk: `${t(tenantId)}${SEP}POOLS`,
  skPrefix: `POOL${SEP}`,
});
/** Guard item holding a normalised pool name: a conditional put makes names unique per tenant. */
export const poolNameKey = (tenantId: string, nameKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}POOLNAME`,
  sk: nameKey,
});
/** Where a background recompute of a pool's reclaim instants has got to (its cursor). */
export const poolRecomputeKey = (tenantId: string, poolId: string): Key => ({
  pk: `${t(tenantId)}${SEP}POOLS`,
  sk: `RECOMPUTE${SEP}${poolId}`,
});

/** How many pool customers a user claimed on one tenant-local day (TTL removes it days later). */
export const dailyClaimsKey = (tenantId: string, userId: string, localDate: string): Key => ({
  pk: `${t(tenantId)}${SEP}UCLAIM${SEP}${userId}`,
  sk: localDate,
});

/** The reclaim index attributes of an owned customer; none when it is not to be reclaimed. */
export function reclaimIndexKeys(
  tenantId: string,
  customerId: string,
  r: { poolId: string; ownerId: string; reclaimAt: string; warnAt: string },
) {
  return {
    reclaimDuePk: `${t(tenantId)}${SEP}RECLAIM${SEP}${r.poolId}`,
    reclaimDueSk: `${r.reclaimAt}${SEP}${customerId}`,
    reclaimSoonPk: `${t(tenantId)}${SEP}RSOON${SEP}${r.ownerId}`,
    reclaimSoonSk: `${r.warnAt}${SEP}${customerId}`,
  };
}
export const RECLAIM_INDEX_ATTRIBUTES = [
  'reclaimDuePk',
  'reclaimDueSk',
  'reclaimSoonPk',
  'reclaimSoonSk',
] as const;

/** A pool that reclaims, as the job finds it; a recompute checkpoint still open, likewise. */
export const reclaimPoolPointer = (tenantId: string, poolId: string) => ({
  reclaimDuePk: `RECLAIM${SEP}POOLS`,
  reclaimDueSk: `${tenantId}${SEP}${poolId}`,
});
export const recomputeTaskPointer = (tenantId: string, poolId: string) => ({
  reclaimDuePk: `RECLAIM${SEP}TASKS`,
  reclaimDueSk: `${tenantId}${SEP}${poolId}`,
});

/** ISO instants are fixed-width, so `<instant>#~` sorts after every `<instant>#<id>` of that instant. */
const upTo = (instant: string) => `${instant}${SEP}~`;

export const reclaimLists = {
  /** A pool's customers due by `at` (inclusive), earliest first. */
  due: (tenantId: string, poolId: string, at: string) => ({
    index: 'reclaimDue' as const,
    pk: `${t(tenantId)}${SEP}RECLAIM${SEP}${poolId}`,
    sk: { lte: upTo(at) },
    ascending: true,
  }),
  /** A user's customers whose warning has started by `at`, soonest first. */
  soon: (tenantId: string, ownerId: string, at: string) => ({
    index: 'reclaimSoon' as const,
    pk: `${t(tenantId)}${SEP}RSOON${SEP}${ownerId}`,
    sk: { lte: upTo(at) },
    ascending: true,
  }),
  pools: () => ({ index: 'reclaimDue' as const, pk: `RECLAIM${SEP}POOLS` }),
  tasks: () => ({ index: 'reclaimDue' as const, pk: `RECLAIM${SEP}TASKS` }),
};

// ---- sales pipeline (lib/pipeline) ------------------------------------------------------------
/*
 * Products: one partition per tenant (`T#t#PRODUCT`, sk = id), codes unique through guard items.
 * Leads: one item each (`T#t#LEAD#<id>`). Opportunities, contracts, payment plans and payments are
 * children of their customer's item collection (OPP#, CONTRACT#, PAYPLAN#<contract>#, PAYMENT#<contract>#),
 * so the 360 view and "the deals of a customer" are one Query; a small reference item per
 * opportunity and contract (`T#t#PREF#<id>`) resolves an id from a path to its customer.
 *
 * Lists (sparse; a lead moves from the LEAD to the LEADDONE buckets when converted):
 *   pipelineByOwner      T#t#<bucket>#OWNER#<owner>   <updatedAt>#<id>
 *                        T#t#PAYMENT#OF#<contract>    <paymentId>               (a contract's payments)
 *                        T#t#PAYPLAN#OF#<contract>    <planId>                  (a contract's payment plans)
 *   pipelineBelow        T#t#<bucket>#BELOW           <ownerRolePath>|<owner>|<inverted updatedAt>|<id>
 *   pipelineByList       T#t#<bucket>#ALL             <updatedAt>#<id>
 *                        T#t#PAYPLAN#DUE              <dueOn>#<planId>          (open plans only)
 *   pipelineByStage      T#t#OPP#STAGE#<stage>       <ownerRolePath>|<owner>|<inverted updatedAt>|<id>
 *                        T#t#CONTRACT#END             <endsOn>#<id>             (signed contracts only)
 */

export type PipelineBucket = 'LEAD' | 'LEADDONE' | 'OPP' | 'CONTRACT';

export const productKey = (tenantId: string, productId: string): Key => ({
  pk: `${t(tenantId)}${SEP}PRODUCT`,
  sk: productId,
});
export const productsPrefix = (tenantId: string) => ({ pk: `${t(tenantId)}${SEP}PRODUCT` });
/** Guard item holding a normalised product code: a conditional put makes codes unique per tenant. */
export const productCodeKey = (tenantId: string, codeKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}PRODCODE`,
  sk: codeKey,
});

/** The tenant's opportunity stages (销售阶段); absent until first saved (the defaults apply). */
export const opportunityStagesKey = (tenantId: string): Key => ({ pk: t(tenantId), sk: 'OPPSTAGES' });

export const leadKey = (tenantId: string, leadId: string): Key => ({
  pk: `${t(tenantId)}${SEP}LEAD${SEP}${leadId}`,
  sk: 'LEAD',
});

/** Which customer an opportunity or contract id belongs to (ids in paths carry no customer). */
export const pipelineRefKey = (tenantId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}PREF${SEP}${id}`,
  sk: 'REF',
});

export interface PipelineListing {
  id: string;
  ownerId: string;
  ownerRolePath: string;
  updatedAt: string;
}

/** The mine / subordinates / company index attributes of a lead, opportunity or contract. */
export function pipelineIndexKeys(tenantId: string, bucket: PipelineBucket, r: PipelineListing) {
  const b = `${t(tenantId)}${SEP}${bucket}${SEP}`;
  return {
    pipelineByOwnerPk: `${b}OWNER${SEP}${r.ownerId}`,
    pipelineByOwnerSk: `${r.updatedAt}${SEP}${r.id}`,
    pipelineBelowPk: `${b}BELOW`,
    pipelineBelowSk: belowSk(r.ownerRolePath, r.ownerId, r.updatedAt, r.id),
    pipelineByListPk: `${b}ALL`,
    pipelineByListSk: `${r.updatedAt}${SEP}${r.id}`,
  };
}

export const opportunityStageKeys = (tenantId: string, stage: string, r: PipelineListing) => ({
  pipelineByStagePk: `${t(tenantId)}${SEP}OPP${SEP}STAGE${SEP}${stage}`,
  pipelineByStageSk: belowSk(r.ownerRolePath, r.ownerId, r.updatedAt, r.id),
});

export const contractEndKeys = (tenantId: string, endsOn: string, contractId: string) => ({
  pipelineByStagePk: `${t(tenantId)}${SEP}CONTRACT${SEP}END`,
  pipelineByStageSk: `${endsOn}${SEP}${contractId}`,
});

export const planDueKeys = (tenantId: string, dueOn: string, planId: string) => ({
  pipelineByListPk: `${t(tenantId)}${SEP}PAYPLAN${SEP}DUE`,
  pipelineByListSk: `${dueOn}${SEP}${planId}`,
});

/** The Query of each pipeline list (index, partition, optional sort-key prefix or range, direction). */
export const pipelineLists = {
  mine: (tenantId: string, bucket: PipelineBucket, userId: string) => ({
    index: 'pipelineByOwner' as const,
    pk: `${t(tenantId)}${SEP}${bucket}${SEP}OWNER${SEP}${userId}`,
    ascending: false,
  }),
  /** Strictly below `rolePath` (role ids are fixed-length, so `<path>/` matches no peer). */
  below: (tenantId: string, bucket: PipelineBucket, rolePath: string) => ({
    index: 'pipelineBelow' as const,
    pk: `${t(tenantId)}${SEP}${bucket}${SEP}BELOW`,
    skPrefix: `${rolePath}/`,
    ascending: true,
  }),
  company: (tenantId: string, bucket: PipelineBucket) => ({
    index: 'pipelineByList' as const,
    pk: `${t(tenantId)}${SEP}${bucket}${SEP}ALL`,
    ascending: false,
  }),
  /** One stage: the whole company, one owner (`<path>|<owner>|`) or everyone below (`<path>/`). */
  stage: (tenantId: string, stage: string, skPrefix?: string) => ({
    index: 'pipelineByStage' as const,
    pk: `${t(tenantId)}${SEP}OPP${SEP}STAGE${SEP}${stage}`,
    ...(skPrefix ? { skPrefix } : {}),
    ascending: true,
  }),
  /** Signed contracts ending between two dates (inclusive). */
  contractsEnding: (tenantId: string, from: string, to: string) => ({
    index: 'pipelineByStage' as const,
    pk: `${t(tenantId)}${SEP}CONTRACT${SEP}END`,
    between: [`${from}${SEP}`, `${to}${SEP}~`] as [string, string],
    ascending: true,
  }),
  /** Open payment plans due between two dates (inclusive). */
  plansDue: (tenantId: string, from: string, to: string) => ({
    index: 'pipelineByList' as const,
    pk: `${t(tenantId)}${SEP}PAYPLAN${SEP}DUE`,
    between: [`${from}${SEP}`, `${to}${SEP}~`] as [string, string],
    ascending: true,
  }),
};

/**
 * A contract's payments (`PAYMENT`) or payment plans (`PAYPLAN`) on pipelineByOwner, under a
 * partition of the contract's own, sorted by the child's id (a ULID: creation order). GET
 * /v1/contracts/{id}/payments names the contract only; the customer's item collection would need
 * a read of the contract's reference first.
 */
export const contractChildKeys = (
  tenantId: string,
  kind: 'PAYMENT' | 'PAYPLAN',
  contractId: string,
  childId: string,
) => ({
  pipelineByOwnerPk: `${t(tenantId)}${SEP}${kind}${SEP}OF${SEP}${contractId}`,
  pipelineByOwnerSk: childId,
});

/** The payments (newest first) or payment plans (oldest first) of one contract. */
export const contractChildList = (tenantId: string, kind: 'PAYMENT' | 'PAYPLAN', contractId: string) => ({
  index: 'pipelineByOwner' as const,
  pk: `${t(tenantId)}${SEP}${kind}${SEP}OF${SEP}${contractId}`,
  ascending: kind === 'PAYPLAN',
});

/** The sort-key prefix of one owner's records in a role-path-grouped index. */
export const ownerScopePrefix = (rolePath: string, ownerId: string) => `${rolePath}|${ownerId}|`;

// ---- follow-ups, plans and notifications (lib/followups, lib/notifications) --------------------
/*
 * Follow-up records (FOLLOWUP#<id>) and plans (PLAN#<id>) are children of their customer's item
 * collection. Paths name them without their customer, so each has a small reference item
 * `T#t#FREF#<id>` (sk REF) that names it. A record's id is a ULID minted from its occurredAt, so the
 * collection lists records in the order they happened; replies live inside their record.
 *
 * agendaByUser (each partition one to-do list of one user; sorted by time):
 *   open plans of the customers a user owns  T#t#AGENDA#PLAN#<owner>      <dueAt>#<planId>
 *   owned active customers never followed    T#t#AGENDA#NEVER#<owner>     <createdAt>#<customerId>
 *   owned active customers, last follow-up   T#t#AGENDA#LAST#<owner>      <lastFollowUpAt>#<customerId>
 *   follow-up records by their author        T#t#AGENDA#DONE#<author>     <occurredAt>#<followupId>
 *   owner-history entries giving a customer  T#t#AGENDA#ASSIGNED#<user>  <at>#<entryId>
 *     to a user (someone else moved it to them: transfer, assign)
 *   unread notifications                     T#t#AGENDA#UNREAD#<user>    <notificationId>
 * scheduled (what the jobs deliver):
 *   open plans of owned customers, not yet   SCHED#PLAN#<UTC day of dueAt>  <dueAt>#<tenantId>#<planId>
 *     reminded at their current due time: across tenants, so the reminders job reads only what is
 *     due and never lists tenants; the job's keys never reach a client (no cursor leaves the job)
 *   birthdays of owned customers, contacts   T#t#BDAY                    <MM-DD>#<C|P>#<id>
 * Instants in sort keys are `Date#toISOString()` (fixed width, UTC), so string order is time order.
 */

export type AgendaList = 'PLAN' | 'NEVER' | 'LAST' | 'DONE' | 'ASSIGNED' | 'UNREAD';

const agendaPk = (tenantId: string, list: AgendaList, userId: string) =>
  `${t(tenantId)}${SEP}AGENDA${SEP}${list}${SEP}${userId}`;

/** The index attributes that put an item on one of a user's agenda lists. */
export const agendaKeys = (tenantId: string, list: AgendaList, userId: string, sortKey: string) => ({
  agendaByUserPk: agendaPk(tenantId, list, userId),
  agendaByUserSk: sortKey,
});
export const agendaQuery = (tenantId: string, list: AgendaList, userId: string) => ({
  index: 'agendaByUser' as const,
  pk: agendaPk(tenantId, list, userId),
});
/** An inclusive range of instants (or MM-DD) on a `<time>#<id>` sort key. */
export const timeRange = (from: string, to: string): [string, string] => [from, `${to}${SEP}~`];

export const followUpRefKey = (tenantId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}FREF${SEP}${id}`,
  sk: 'REF',
});

const birthdayPk = (tenantId: string) => `${t(tenantId)}${SEP}BDAY`;
/** A birthday (`YYYY-MM-DD`) on the date-reminders list, by month and day. */
export const birthdayKeys = (tenantId: string, birthday: string, kind: 'C' | 'P', id: string) => ({
  scheduledPk: birthdayPk(tenantId),
  scheduledSk: `${birthday.slice(5)}${SEP}${kind}${SEP}${id}`,
});
/** Birthdays between two `MM-DD` (inclusive, within one calendar year). */
export const birthdaysQuery = (tenantId: string, from: string, to: string) => ({
  index: 'scheduled' as const,
  pk: birthdayPk(tenantId),
  between: timeRange(from, to),
});

/** The follow-up index attributes of a customer item: agenda lists and birthday, while owned and active. */
export function customerFollowUpKeys(
  tenantId: string,
  c: {
    id: string;
    state: string;
    ownerId: string | null;
    createdAt: string;
    lastFollowUpAt?: string | null;
    birthday?: string | null;
  },
): Record<string, string> {
  if (c.state !== 'active' || !c.ownerId) return {};
  return {
    ...(c.lastFollowUpAt
      ? agendaKeys(tenantId, 'LAST', c.ownerId, `${c.lastFollowUpAt}${SEP}${c.id}`)
      : agendaKeys(tenantId, 'NEVER', c.ownerId, `${c.createdAt}${SEP}${c.id}`)),
    ...(c.birthday ? birthdayKeys(tenantId, c.birthday, 'C', c.id) : {}),
  };
}

const plansDuePk = (day: string) => `SCHED${SEP}PLAN${SEP}${day}`;

/**
 * The index attributes of a plan: an open plan of an owned customer is on its owner's agenda, and on
 * the reminders job's schedule until it has been reminded at its current due time.
 */
export function planIndexKeys(
  tenantId: string,
  p: { id: string; dueAt: string; status: string; ownerId: string | null; remindedFor?: string | null },
): Record<string, string> {
  if (p.status !== 'open' || !p.ownerId) return {};
  return {
    ...agendaKeys(tenantId, 'PLAN', p.ownerId, `${p.dueAt}${SEP}${p.id}`),
    ...(p.remindedFor === p.dueAt
      ? {}
      : {
          scheduledPk: plansDuePk(p.dueAt.slice(0, 10)),
          scheduledSk: `${p.dueAt}${SEP}${tenantId}${SEP}${p.id}`,
        }),
  };
}
/** The attributes of an agenda entry: what an update removes when an item leaves its list. */
export const AGENDA_ATTRIBUTES = ['agendaByUserPk', 'agendaByUserSk'] as const;
/** Every index attribute a plan may carry. */
export const PLAN_INDEX_ATTRIBUTES = [...AGENDA_ATTRIBUTES, 'scheduledPk', 'scheduledSk'] as const;

/** Plans due between two instants (inclusive) on one UTC day, across tenants. */
export const plansDueQuery = (day: string, from: string, to: string) => ({
  index: 'scheduled' as const,
  pk: plansDuePk(day),
  between: timeRange(from, to),
});

export const notificationKey = (tenantId: string, userId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}NOTE${SEP}${userId}`,
  sk: id,
});
/** A user's notifications, newest first under a descending Query (ids are ULIDs). */
export const notificationsOf = (tenantId: string, userId: string) => ({
  pk: `${t(tenantId)}${SEP}NOTE${SEP}${userId}`,
});
/** One per (user, dedupe key): a notification is created with it, so a key notifies once. */
export const notificationDedupeKey = (tenantId: string, userId: string, dedupeKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}NOTEKEY${SEP}${userId}`,
  sk: dedupeKey,
});

/**
 * Every tenant, for the jobs that work tenant by tenant (date reminders): one small item each,
 * written when the tenant is provisioned. Not tenant-scoped by nature; read only by jobs.
 */
export const tenantRegistryKey = (tenantId: string): Key => ({ pk: 'TENANTS', sk: tenantId });
export const TENANT_REGISTRY_PK = 'TENANTS';

/** A scheduled job's checkpoint (what it has finished), per job and run scope. Read only by jobs. */
export const jobCheckpointKey = (job: string, scope: string): Key => ({
  pk: `SCHED${SEP}JOB${SEP}${job}`,
  sk: scope,
});

// ---- contacts (lib/contacts) --------------------------------------------------------------------
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

// ---- SMS (lib/sms) ------------------------------------------------------------------------------
/*
 * A broadcast (群发短信) is one item collection: the broadcast at `BROADCAST` and one recipient per
 * distinct E.164 number at `RCPT#<E.164>` (duplicates collapse into one item, so a number can be
 * claimed only once), or at `RCPT#~<contactId>` for a contact without a number SMS can reach.
 * Opt-outs are one partition per tenant, sorted by number: a GetItem checks one, a Query lists them.
 */

const broadcastPk = (tenantId: string, broadcastId: string) => `${t(tenantId)}${SEP}SMSB${SEP}${broadcastId}`;

export const smsBroadcastKey = (tenantId: string, broadcastId: string): Key => ({
  pk: broadcastPk(tenantId, broadcastId),
  sk: 'BROADCAST',
});
export const smsRecipientKey = (tenantId: string, broadcastId: string, phone: string): Key => ({
  pk: broadcastPk(tenantId, broadcastId),
  sk: `RCPT${SEP}${phone}`,
});
export const smsUnreachableKey = (tenantId: string, broadcastId: string, contactId: string): Key => ({
  pk: broadcastPk(tenantId, broadcastId),
  sk: `RCPT${SEP}~${contactId}`,
});
export const smsRecipientsPrefix = (tenantId: string, broadcastId: string) => ({
  pk: broadcastPk(tenantId, broadcastId),
  skPrefix: `RCPT${SEP}`,
});

export const smsOptOutKey = (tenantId: string, phone: string): Key => ({
  pk: `${t(tenantId)}${SEP}SMSOPTOUT`,
  sk: phone,
});
export const smsOptOutsPrefix = (tenantId: string) => ({ pk: `${t(tenantId)}${SEP}SMSOPTOUT` });

// ---- local runtime only (infra/local) ----------------------------------------------------------

/**
 * The local SMS outbox: what the SMS sender "sent" when RUNTIME=local, per recipient phone. It
 * stands in for the carrier, so it is keyed by phone, not by tenant, and never exists in AWS.
 */
export const smsOutboxKey = (phone: string, messageId: string): Key => ({
  pk: `LOCAL${SEP}SMS${SEP}${phone}`,
  sk: `MSG${SEP}${messageId}`,
});
export const smsOutboxPrefix = (phone: string) => ({
  pk: `LOCAL${SEP}SMS${SEP}${phone}`,
  skPrefix: `MSG${SEP}`,
});

// ---- analytics (lib/analytics) -------------------------------------------------------------------
/*
 * Aggregates maintained from the table's stream, per owner (a user id, or the pool):
 *   aggregateKey      T#t#AGG#STATE             <owner>               what exists now: customers by dimension, deals by stage
 *                     T#t#AGG#TIME#<owner>      D#<date> | M#<month>  day and month counters (new, won, follow-ups, contracts...)
 *   aggregateSeenKey  T#t#AGGSEEN#<eventId>     SEEN                  a stream record already applied (TTL)
 *   targetKey         T#t#TARGET#<period>       <metric>#<subject>    a sales target (业绩目标), subject user:<id> / role:<id>
 */
export const aggregateKey = (tenantId: string, owner: string, bucket: string): Key =>
  bucket === 'state'
    ? { pk: `${t(tenantId)}${SEP}AGG${SEP}STATE`, sk: owner }
    : { pk: `${t(tenantId)}${SEP}AGG${SEP}TIME${SEP}${owner}`, sk: bucket };
/** Every owner's state item (a rebuild clears them). */
export const aggregateStates = (tenantId: string) => ({ pk: `${t(tenantId)}${SEP}AGG${SEP}STATE` });
/** One owner's day and month buckets, queried by sort-key range. */
export const aggregateSeries = (tenantId: string, owner: string) => ({
  pk: `${t(tenantId)}${SEP}AGG${SEP}TIME${SEP}${owner}`,
});
export const aggregateSeenKey = (tenantId: string, eventId: string): Key => ({
  pk: `${t(tenantId)}${SEP}AGGSEEN${SEP}${eventId}`,
  sk: 'SEEN',
});
export const targetKey = (tenantId: string, period: string, metric: string, subject: string): Key => ({
  pk: `${t(tenantId)}${SEP}TARGET${SEP}${period}`,
  sk: `${metric}${SEP}${subject}`,
});
export const targetsOf = (tenantId: string, period: string) => ({
  pk: `${t(tenantId)}${SEP}TARGET${SEP}${period}`,
});

// ---- platform ------------------------------------------------------------------------------------

/** An Idempotency-Key is scoped to the user who sent it and the route it was sent to. */
export const idempotencyKey = (tenantId: string, userId: string, route: string, key: string): Key => ({
  pk: `${t(tenantId)}${SEP}IDEM${SEP}${userId}${SEP}${key}`,
  sk: route,
});

/** Whether every partition key in `key` is the tenant's: the last check on keys that came from clients. */
export function belongsToTenant(key: Record<string, unknown>, tenantId: string): boolean {
  const prefix = t(tenantId);
  const partitions = Object.entries(key).filter(([name]) => name === 'pk' || name.endsWith('Pk'));
  return (
    partitions.length > 0 &&
    partitions.every(
      ([, value]) => typeof value === 'string' && (value === prefix || value.startsWith(prefix + SEP)),
    )
  );
}

/** The tenant a stored key belongs to (stream records carry keys, not auth). */
export function tenantOfKey(pk: string): string | undefined {
  const [prefix, tenantId] = pk.split(SEP);
  return prefix === 'T' && tenantId ? tenantId : undefined;
}
