import type { Point } from '../geo.ts';
import type { Auth } from '../http/auth.ts';
import { isAbove } from '../org/rules.ts';
import { DEFAULT_TIER, type Tier } from '../tiers.ts';
import type { TermKind } from './names.ts';
import type {
  Customer,
  CustomerView,
  DictionaryField,
  HistoryEntry,
  RelationType,
  Share,
} from './schemas.ts';

/** Pure decisions about customers: who sees and changes what, which list a customer is on. */

/** A customer as stored: the public fields plus what scope, uniqueness and search need. */
export interface CustomerRecord
  extends Omit<
    Customer,
    | 'sharedWith'
    | 'won'
    | 'lastDealAt'
    | 'lastFollowUpAt'
    | 'nextFollowUpAt'
    | 'nextFollowUpNote'
    | 'locked'
    | 'location'
    | 'tier'
  > {
  /** WGS-84 (lib/geo.ts); absent on records written before locations existed. */
  location?: Point | null;
  // ---- customer lifecycle (lib/lifecycle); absent on records it has not reached yet
  /** Set from the stream by the tier consumer, never by a save of the customers context. */
  tier?: Tier;
  /** Who made the change of this version through the customer API (the timeline's actor). */
  updatedBy?: { id: string; name: string; version: number } | null;
  /** Set by the pipeline when an opportunity is won or a contract signed (absent on older records). */
  won?: boolean;
  lastDealAt?: string | null;
  /** The owner's role path, kept in step with the owner's role (reassignOwnerRolePath). */
  ownerRolePath: string | null;
  /** The creator's role path at creation (analytics counts new customers for the creator's teams). */
  createdByRolePath?: string | null;
  shares: Share[];
  /** The normalised name held in the uniqueness guard. */
  nameKey: string;
  searchTerms: Array<{ term: string; kinds: TermKind[] }>;
  deletedBy: string | null;
  /** The last owner of a pool customer (for the pool's former-owner rules). */
  previousOwnerId: string | null;
  // ---- public pool (lib/pool); absent on records written before the pool existed
  /** When the customer last went into a pool: the former owner's cooldown counts from it. */
  releasedAt?: string | null;
  /** When the current owner got it: reclaim rules count from it at the earliest. */
  ownedSince?: string | null;
  /** Locked against automatic reclaim (within the owner's lockedCustomersPerRep). */
  locked?: boolean;
  /** lib/ownership/reclaim.ts reclaimFields: when the owner is warned, and the pool it would return to. */
  reclaimWarnAt?: string | null;
  reclaimPoolId?: string | null;
  /** Set once a purge has started: nothing but the purge may touch the customer then. */
  purging: boolean;
  // ---- follow-ups (lib/followups); absent on records written before follow-ups existed
  lastFollowUpAt?: string | null;
  /**
   * The open plans in due order (withOpenPlans): the first is the next
   * follow-up, and each plan item follows the customer's owner in the customer's own transaction.
   */
  openPlans?: OpenPlan[];
  nextFollowUpAt?: string | null;
  nextFollowUpNote?: string | null;
}

/** What scope decisions look at in the caller. */
export type Viewer = Pick<Auth, 'userId' | 'rolePath' | 'permissions' | 'isAdmin'>;

const isOwner = (viewer: Viewer, c: CustomerRecord) => c.ownerId === viewer.userId;
const isSuperior = (viewer: Viewer, c: CustomerRecord) =>
  c.ownerRolePath !== null && isAbove(viewer.rolePath, c.ownerRolePath);
export const isSharedWith = (c: Pick<CustomerRecord, 'shares'>, userId: string) =>
  c.shares.some((s) => s.userId === userId);

/**
 * The data scope (seed 000 §一, seed 004): an active customer is visible to its owner, the owner's
 * superiors, the users it is shared with, administrators and holders of customers.viewAll, except
 * that a private customer stays hidden from viewAll holders. Pool customers are visible to the
 * pool's members (every user until pools get members). Recycle-bin entries are visible to the
 * owner, superiors, administrators and those who may purge them. Everyone else: not found.
 */
export function canSee(viewer: Viewer, c: CustomerRecord): boolean {
  if (viewer.isAdmin) return true;
  switch (c.state) {
    case 'recycled':
      return isOwner(viewer, c) || isSuperior(viewer, c) || viewer.permissions.has('customers.purge');
    case 'pool':
      // Membership of the customer's pool is checked by the service (it needs the pool's definition).
      return true;
    case 'active':
      if (isOwner(viewer, c) || isSuperior(viewer, c) || isSharedWith(c, viewer.userId)) return true;
      return !c.private && viewer.permissions.has('customers.viewAll');
  }
}

/** Changing an active customer's data: owner, superiors, administrators and the users it is shared with. */
export const canEdit = (viewer: Viewer, c: CustomerRecord) =>
  c.state === 'active' &&
  (viewer.isAdmin || isOwner(viewer, c) || isSuperior(viewer, c) || isSharedWith(c, viewer.userId));

/** Deleting, transferring, sharing and flagging hot: owner, superiors and administrators. */
export const canManage = (viewer: Viewer, c: CustomerRecord) =>
  c.state === 'active' && (viewer.isAdmin || isOwner(viewer, c) || isSuperior(viewer, c));

/** Restoring, purging or moving a recycle-bin entry to the pool: whoever sees it in the bin. */
export const canHandleRecycled = (viewer: Viewer, c: CustomerRecord) =>
  c.state === 'recycled' && !c.purging && canSee(viewer, c);

/** Who sees every recycle-bin entry of the tenant rather than their own and their subordinates'. */
export const seesWholeBin = (viewer: Viewer) => viewer.isAdmin || viewer.permissions.has('customers.purge');

export interface ViewOptions {
  ownerId?: string | undefined;
  poolId: string;
}

/** Whether a (visible) customer belongs to a list view: what `q=` search results are checked against. */
export function inView(viewer: Viewer, view: CustomerView, c: CustomerRecord, opts: ViewOptions): boolean {
  if (!canSee(viewer, c)) return false;
  if (opts.ownerId && c.ownerId !== opts.ownerId) return false;
  switch (view) {
    case 'mine':
      return c.state === 'active' && isOwner(viewer, c);
    case 'hot':
      return c.state === 'active' && c.hot && isOwner(viewer, c);
    case 'shared':
      return c.state === 'active' && isSharedWith(c, viewer.userId);
    case 'subordinates':
      return c.state === 'active' && isSuperior(viewer, c);
    case 'company':
      return c.state === 'active';
    case 'pool':
      return c.state === 'pool' && c.poolId === opts.poolId;
    case 'reclaim-soon':
      return c.state === 'active' && isOwner(viewer, c) && c.reclaimWarnAt != null;
    case 'recycle':
      return c.state === 'recycled' && (seesWholeBin(viewer) || isOwner(viewer, c) || isSuperior(viewer, c));
  }
}

export type ListFilters = Partial<Record<DictionaryField, string>> & {
  tag?: string | undefined;
  tier?: Tier | undefined;
};

export function matchesFilters(
  c: Pick<Customer, DictionaryField | 'tags'> & { tier?: Tier | undefined },
  filters: ListFilters,
): boolean {
  for (const [field, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    if (field === 'tag') {
      if (!c.tags.includes(value)) return false;
    } else if (field === 'tier') {
      if ((c.tier ?? DEFAULT_TIER) !== value) return false;
    } else if (c[field as DictionaryField] !== value) return false;
  }
  return true;
}

/** A relation seen from the other customer: the parent of a subsidiary sees a subsidiary. */
export function reverseRelation(type: RelationType): RelationType {
  switch (type) {
    case 'parent':
      return 'subsidiary';
    case 'subsidiary':
      return 'parent';
    default:
      return type;
  }
}

/** The public shape: scope internals stay inside. */
export function present(c: CustomerRecord): Customer {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    website: c.website,
    address: c.address,
    regionId: c.regionId,
    industryId: c.industryId,
    categoryId: c.categoryId,
    sourceId: c.sourceId,
    levelId: c.levelId,
    statusId: c.statusId,
    maturityId: c.maturityId,
    birthday: c.birthday,
    note: c.note,
    tags: c.tags,
    customFields: c.customFields,
    private: c.private,
    hot: c.hot,
    state: c.state,
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    poolId: c.poolId,
    sharedWith: c.shares.map((s) => s.userId),
    reclaimAt: c.reclaimAt,
    lastFollowUpAt: c.lastFollowUpAt ?? null,
    nextFollowUpAt: c.nextFollowUpAt ?? null,
    nextFollowUpNote: c.nextFollowUpNote ?? null,
    locked: c.locked ?? false,
    won: c.won ?? false,
    lastDealAt: c.lastDealAt ?? null,
    location: c.location ?? null,
    tier: c.tier ?? DEFAULT_TIER,
    createdAt: c.createdAt,
    createdBy: c.createdBy,
    updatedAt: c.updatedAt,
    deletedAt: c.deletedAt,
    version: c.version,
  };
}

/**
 * What a viewer is shown: a pool customer without the note its previous owner kept (备注 is the
 * owner's own), except to administrators. The note comes back when the customer is claimed.
 */
export function presentTo(viewer: Viewer, c: CustomerRecord): Customer {
  const shown = present(c);
  return c.state === 'pool' && !viewer.isAdmin ? { ...shown, note: null } : shown;
}

/** The editable fields of a new customer; everything not given is empty. */
export type NewCustomerFields = Partial<
  Pick<
    CustomerRecord,
    | 'email'
    | 'website'
    | 'address'
    | DictionaryField
    | 'birthday'
    | 'note'
    | 'tags'
    | 'customFields'
    | 'private'
    | 'hot'
    | 'location'
  >
>;

/**
 * A new active customer owned by `owner` at version 1 (create, import, seeding). `nameKey` and
 * `searchTerms` come from names.ts, so callers pass them computed from `name` and `phone`.
 */
export function newCustomer(args: {
  id: string;
  name: string;
  phone: string | null;
  nameKey: string;
  searchTerms: CustomerRecord['searchTerms'];
  owner: { id: string; name: string; rolePath: string };
  createdBy: string;
  at: string;
  fields?: NewCustomerFields;
}): CustomerRecord {
  const f = args.fields ?? {};
  return {
    id: args.id,
    name: args.name,
    phone: args.phone,
    email: f.email ?? null,
    website: f.website ?? null,
    address: f.address ?? null,
    regionId: f.regionId ?? null,
    industryId: f.industryId ?? null,
    categoryId: f.categoryId ?? null,
    sourceId: f.sourceId ?? null,
    levelId: f.levelId ?? null,
    statusId: f.statusId ?? null,
    maturityId: f.maturityId ?? null,
    birthday: f.birthday ?? null,
    note: f.note ?? null,
    tags: f.tags ?? [],
    customFields: f.customFields ?? {},
    private: f.private ?? false,
    hot: f.hot ?? false,
    ...(f.location ? { location: f.location } : {}),
    state: 'active',
    ownerId: args.owner.id,
    ownerName: args.owner.name,
    ownerRolePath: args.owner.rolePath,
    poolId: null,
    shares: [],
    reclaimAt: null,
    createdAt: args.at,
    createdBy: args.createdBy,
    createdByRolePath: args.createdBy === args.owner.id ? args.owner.rolePath : null,
    updatedAt: args.at,
    deletedAt: null,
    deletedBy: null,
    version: 1,
    nameKey: args.nameKey,
    searchTerms: args.searchTerms,
    previousOwnerId: null,
    purging: false,
    ownedSince: args.at,
    locked: false,
  };
}

/** The next state of a record after a change at `at`: version and update time move together. */
/** Who makes a change: the events of the new version name them (lib/events/catalog.ts). */
export interface Writer {
  id: string;
  name: string;
}

/**
 * The next version of a customer. `by` is the user (or machine client) making the change; without
 * one it is the system's (a job's), and the version names no writer.
 */
export const touched = (
  c: CustomerRecord,
  at: string,
  changes: Partial<CustomerRecord>,
  by?: Writer,
): CustomerRecord => ({
  ...c,
  updatedBy: null,
  ...changes,
  ...(by ? { updatedBy: { id: by.id, name: by.name, version: c.version + 1 } } : {}),
  updatedAt: at,
  version: c.version + 1,
});

/** What a customer's follow-ups say of it: activity on the customer, not its data. */
const ACTIVITY_FIELDS: ReadonlySet<string> = new Set([
  'lastFollowUpAt',
  'openPlans',
  'nextFollowUpAt',
  'nextFollowUpNote',
]);

/**
 * The next version of a customer after activity on it (a follow-up recorded, a plan made, moved or
 * closed). Like a CRM's last-activity date beside its last-modified one, activity keeps the
 * customer's `updatedAt`, and so its place in the lists (newest edit first), which a rep records
 * dozens of times a day; a field of its own changing with it (the maturity a follow-up sets) makes
 * it an edit.
 */
export function afterActivity(
  c: CustomerRecord,
  at: string,
  changes: Partial<CustomerRecord>,
): CustomerRecord {
  const edits = Object.entries(changes).some(
    ([field, value]) =>
      !ACTIVITY_FIELDS.has(field) &&
      JSON.stringify(value) !== JSON.stringify(c[field as keyof CustomerRecord]),
  );
  if (edits) return touched(c, at, changes);
  return { ...c, updatedBy: null, ...changes, version: c.version + 1 };
}

/** The writer an authenticated request stands for. */
export const writerOf = (auth: { userId: string; userName: string }): Writer => ({
  id: auth.userId,
  name: auth.userName,
});

/**
 * A customer going to a pool: no owner, no shares, not hot, not locked, never reclaimed; the last
 * owner and the moment are remembered (the pool's former-owner cooldown counts from it).
 */
export function intoPool(c: CustomerRecord, poolId: string, at: string, by?: Writer): CustomerRecord {
  return touched(
    c,
    at,
    {
      state: 'pool',
      poolId,
      previousOwnerId: c.ownerId ?? c.previousOwnerId,
      ownerId: null,
      ownerName: null,
      ownerRolePath: null,
      shares: [],
      hot: false,
      deletedAt: null,
      deletedBy: null,
      reclaimAt: null,
      reclaimWarnAt: null,
      reclaimPoolId: null,
      releasedAt: at,
      ownedSince: null,
      locked: false,
    },
    by,
  );
}

export type OwnerAction =
  | 'create'
  | 'transfer'
  | 'delete'
  | 'restore'
  | 'toPool'
  | 'release'
  | 'claim'
  | 'assign'
  | 'reclaim';

/** An owner-history entry: who moved the customer from whom to whom, and when. */
export function historyEntry(
  fields: Pick<HistoryEntry, 'id' | 'customerId' | 'at'> & {
    action: OwnerAction | (string & {});
    actor: { id: string; name: string } | null;
    from: { id: string; name: string | null } | null;
    to: { id: string; name: string | null } | null;
    poolId?: string | null;
    reasonId?: string | null;
    note?: string | null;
  },
): HistoryEntry {
  return {
    id: fields.id,
    customerId: fields.customerId,
    action: fields.action,
    actorId: fields.actor?.id ?? null,
    actorName: fields.actor?.name ?? null,
    fromUserId: fields.from?.id ?? null,
    fromUserName: fields.from?.name ?? null,
    toUserId: fields.to?.id ?? null,
    toUserName: fields.to?.name ?? null,
    poolId: fields.poolId ?? null,
    reasonId: fields.reasonId ?? null,
    note: fields.note ?? null,
    at: fields.at,
  };
}

// ---- next follow-up ------------------------------------------------------------------------------

/** Open plans per customer: each is kept in step with the customer's owner in the customer's transactions. */
export const MAX_OPEN_PLANS = 10;

/** A plan as the customer keeps it: what its next follow-up is and what moves with its owner. */
export interface OpenPlan {
  id: string;
  dueAt: string;
  note: string;
}

/** Open plans in due order; the first is the customer's next follow-up (下次跟进). */
export function withOpenPlans(plans: OpenPlan[]): {
  openPlans: OpenPlan[];
  nextFollowUpAt: string | null;
  nextFollowUpNote: string | null;
} {
  const sorted = [...plans].sort((a, b) =>
    a.dueAt === b.dueAt ? a.id.localeCompare(b.id) : a.dueAt < b.dueAt ? -1 : 1,
  );
  const next = sorted[0];
  return { openPlans: sorted, nextFollowUpAt: next?.dueAt ?? null, nextFollowUpNote: next?.note ?? null };
}
