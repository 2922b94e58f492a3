/**
 * The table: its global secondary indexes, their key attributes, TTL, and the schema CDK and
 * DynamoDB Local are both built from; and `Key`, the primary key every builder returns.
 */

// A type alias, not an interface: it must be assignable to the SDK's Record<string, ...> keys.
export type Key = { pk: string; sk: string };

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
  // ---- customers (key builders in keys/customers.ts)
  /**
   * A user's recycle bin, newest deletion first (their active customers are their prefix of
   * `customersBelow`). Shared: a customer's tag copies (`customerTagKeys`) repeat its entries under `<pk>#TAG#<tag>`.
   */
  customersByOwner: 'customersByOwner',
  /**
   * Customers of everyone strictly below a role (下属客户), and their recycle-bin entries: grouped by
   * owner role path, then owner, newest first within an owner; so one owner's prefix is their own
   * customers (我的客户). Shared: tag copies, under `<pk>#TAG#<tag>`.
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
  // ---- sales pipeline (key builders in keys/pipeline.ts)
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
  // ---- follow-ups and notifications (key builders in keys/followups.ts)
  /**
   * A user's agenda, one partition per to-do list, sorted by time: open plans by due time, customers
   * never followed up, customers by last follow-up, records written, customers assigned, unread notifications.
   */
  agendaByUser: 'agendaByUser',
  /**
   * A user's to-do lists of owned customers (从未跟进 by creation, 近期未跟进 by last follow-up): the
   * customer item's own entries, apart from `agendaByUser` so that they can project the packed
   * record alone (CUSTOMER_VIEW) where the office items on `agendaByUser` need every attribute.
   */
  customerAgenda: 'customerAgenda',
  /**
   * What falls due, for the scheduled jobs: open plans by due time (across tenants), birthdays by
   * MM-DD, merges a request left half-moved by their instant (across tenants).
   * Shared: webhook deliveries by their next attempt's time (across tenants, `SCHED#WEBHOOKS`).
   */
  scheduled: 'scheduled',
  // ---- contacts (key builders in keys/contacts.ts)
  /**
   * Contacts of active customers (联系人查询) grouped by the customer's owner role path and owner, in
   * name (pinyin) order within an owner: mine, everyone below me and the whole company in one index.
   */
  contactsByScope: 'contactsByScope',
  // ---- public pool (key builders in keys/pool.ts)
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
 * What the customer list indexes project of an item besides its keys: its kind and id, the packed
 * customer record (`rec`, lib/db/packed.ts) and the tier the lifecycle sets on the item in place. An
 * entry is then a few hundred bytes, so a save that rewrites or moves it pays one write unit per
 * index, not the whole item's two or three: the items on these indexes are the customer, its tag
 * copies and its tier copy, all carrying `rec`.
 */
const CUSTOMER_VIEW = ['type', 'id', 'rec', 'tier'] as const;

/**
 * What the to-do lists of customers (从未跟进, 近期未跟进) show of one (lib/followups/lists.ts
 * customerEntry), as the customer item's own attributes: an edit of anything else (an address, a
 * note, a custom field) leaves the customer's `customerAgenda` entry unwritten.
 */
export const CUSTOMER_AGENDA_VIEW = [
  'type',
  'id',
  'name',
  'ownerId',
  'ownerName',
  'ownerRolePath',
  'maturityId',
  'levelId',
  'hot',
  'lastFollowUpAt',
  'nextFollowUpAt',
  'nextFollowUpNote',
  'reclaimAt',
] as const;

/** What the reclaim job reads of a pool's recompute pointer on `reclaimDue` (lib/pool/repository.ts RecomputeTask). */
export const RECOMPUTE_POINTER_VIEW = [
  'tenantId',
  'poolId',
  'rulesVersion',
  'cursor',
  'requestedAt',
  'advancedAt',
] as const;

export type Projection = { type: 'ALL' } | { type: 'INCLUDE'; attributes: readonly string[] };

/**
 * Every index projects ALL (each list renders the items it finds without a second read) but those
 * holding customers, which project CUSTOMER_VIEW (CUSTOMER_AGENDA_VIEW for the to-do lists); and `reclaimDue`, which no list renders: the job
 * and the preview read the few customers due by id, so its entry is rewritten only when the customer
 * moves on it, not by every save. At most 100 projected attributes in all (a DynamoDB limit,
 * counted per index).
 */
const projections: Partial<Record<IndexName, Projection>> = {
  customersByOwner: { type: 'INCLUDE', attributes: CUSTOMER_VIEW },
  customersBelow: { type: 'INCLUDE', attributes: CUSTOMER_VIEW },
  customersByList: { type: 'INCLUDE', attributes: CUSTOMER_VIEW },
  hotByOwner: { type: 'INCLUDE', attributes: CUSTOMER_VIEW },
  reclaimSoon: { type: 'INCLUDE', attributes: CUSTOMER_VIEW },
  customerAgenda: { type: 'INCLUDE', attributes: CUSTOMER_AGENDA_VIEW },
  reclaimDue: { type: 'INCLUDE', attributes: ['type', 'id', ...RECOMPUTE_POINTER_VIEW] },
};

/** The table as both CDK and the DynamoDB Local setup create it. */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: TTL_ATTRIBUTE,
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: (Object.values(indexes) as IndexName[]).map((name) => ({
    indexName: name,
    partitionKey: indexKeys(name).pk,
    sortKey: indexKeys(name).sk,
    projection: projections[name] ?? ({ type: 'ALL' } as Projection),
  })),
} as const;
