import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete, batchGet } from '../db/batch.ts';
import { db, tableName } from '../db/client.ts';
import { atVersion, stripKeys, withCondition } from '../db/items.ts';
import {
  agendaKeys,
  CUSTOMER_AGENDA_VIEW,
  CUSTOMER_CHILD,
  type CustomerChildKind,
  type CustomerListing,
  contactRefKey,
  customerChildKey,
  customerChildKind,
  customerChildPrefix,
  customerCollection,
  customerFollowUpKeys,
  customerIndexKeys,
  customerKey,
  customerNameKey,
  customerSearchKey,
  customerSearchQuery,
  customerTagKey,
  customerTagKeys,
  followUpRefKey,
  indexKeys,
  type Key,
  mergeSweepKey,
  mergeSweepsQuery,
  PLAN_INDEX_ATTRIBUTES,
  pipelineRefKey,
  planIndexKeys,
  reclaimIndexKeys,
  SEARCH_STATES,
  type SearchState,
  sharedWithKeys,
  userCountersKey,
} from '../db/keys.ts';
import { packRecord, unpackRecord } from '../db/packed.ts';
import { jobPages, type Page, queryAll, queryPage } from '../db/query.ts';
import {
  commitSteps,
  NEW_ITEM,
  pause,
  putStep as put,
  type Step as WriteStep,
  writeAfter,
} from '../db/write.ts';
import { Conflict, NotFound, PreconditionFailed } from '../http/errors.ts';
import { type ContactRecord, contactScopeChanged, initialContactSteps } from './contact-items.ts';
import { contactOutsideKeys, syncContacts } from './contact-sync.ts';
import { geoItems, geoSteps } from './geo-items.ts';
import { asTerm } from './names.ts';
import { type CustomerRecord, present } from './rules.ts';
import type { HistoryEntry, News, Relation } from './schemas.ts';

/**
 * The customers' reads and writes. Every change of a customer goes through `saveCustomerSteps`
 * and `commit`, in three phases (lib/db/write.ts commitSteps):
 * - before: the reservations the change needs (a place in the owner's quota, the name's guard),
 *   each a conditional write of its own, given back if the customer's write does not go in;
 * - the customer item at the version read (412 otherwise), alone when nothing else must change
 *   with it (a plain conditional write), else in one transaction with what must (open plans,
 *   nearby cells, other contexts' invariants);
 * - after: what is derived from it (tag copies, search terms, share items, the contacts' copy of
 *   its scope, history, a follow-up record), each only ever replaced by a newer version's
 *   (`settleCopies`, `syncContacts`).
 * Other contexts that change a customer (follow-ups, pool, merge) add their own steps to the same `commit`.
 */

// ---- transactions ------------------------------------------------------------------------------

/** One item of a customer's transaction (lib/db/write.ts) and what it brings along. */
export interface Step extends WriteStep {
  /**
   * Set by `saveCustomerSteps` when the change alters what the customer's contacts carry of it
   * (owner, scope, name): `commit` rewrites the contacts once it went in (lib/customers/contact-sync.ts).
   */
  contactsOf?: { tenantId: string; customer: CustomerRecord };
  /** Set by `saveCustomerSteps` on the customer's write: its copies are settled once it went in. */
  copiesOf?: { tenantId: string; customer: CustomerRecord };
}

/**
 * Runs the steps as one transaction (lib/db/write.ts commitSteps: a failed condition becomes its
 * step's error, conflicts are retried with jitter), with the contacts rewritten alongside when a
 * step asks for it; a contact that came or went meanwhile makes it read them again and retry.
 */
export async function commit(given: Step[]): Promise<void> {
  await commitSteps(given, {
    exhausted: () => new Conflict('write_conflict', 'Too many concurrent changes to this customer; retry.'),
  });
  await Promise.all(
    given.flatMap((s) => [
      ...(s.copiesOf ? [settleCopies(s.copiesOf.tenantId, s.copiesOf.customer)] : []),
      ...(s.contactsOf ? [syncContacts(s.contactsOf.tenantId, s.contactsOf.customer)] : []),
    ]),
  );
}

/** Attempts of a read-decide-write cycle; each lost one means another writer's change went in. */
const MAX_REREADS = 16;

/**
 * Runs a read-decide-write cycle on a customer (no If-Match from the client) until its write goes
 * in: when `isStale` says the customer changed between the read and the write (nothing was
 * written), it pauses with jitter, so concurrent writers spread out, and reads again. Every lost
 * round is another writer's success, so contention resolves; a customer that keeps changing past
 * the bound answers 409 write_conflict, never a 412 the client did not ask for.
 */
export async function rereading<T>(
  fn: () => Promise<T>,
  isStale: (error: unknown) => boolean = (error) => error instanceof PreconditionFailed,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!isStale(error)) throw error;
      if (attempt >= MAX_REREADS)
        throw new Conflict('write_conflict', 'Too many concurrent changes to this customer; retry.');
      await pause(attempt);
    }
  }
}

const TABLE = () => tableName();
const del = (Key: Key): Step => ({
  item: { Delete: { TableName: TABLE(), Key } },
  fail: () => new Error('unconditional delete failed'),
});

// ---- items -------------------------------------------------------------------------------------

function listing(c: CustomerRecord): CustomerListing {
  switch (c.state) {
    case 'active':
      return {
        state: 'active',
        ownerId: c.ownerId as string,
        ownerRolePath: c.ownerRolePath as string,
        updatedAt: c.updatedAt,
        hot: c.hot,
      };
    case 'recycled':
      return {
        state: 'recycled',
        ownerId: c.ownerId as string,
        ownerRolePath: c.ownerRolePath as string,
        deletedAt: c.deletedAt as string,
      };
    case 'pool':
      return { state: 'pool', poolId: c.poolId as string, updatedAt: c.updatedAt };
  }
}

/**
 * What the customer item holds of its record beside the packed one: what DynamoDB reads of it
 * itself. Conditions (version, state, purging, a claim's), what the lifecycle sets in place (SET_IN_PLACE),
 * what the to-do lists project (CUSTOMER_AGENDA_VIEW) and the birthday reminders read off
 * `scheduled`. The rest is in `rec` only, so a save writes the record once: whoever reads items
 * whole reads them through `toRecord` or `unpacked` (lib/db/packed.ts), as the stream's images do.
 */
const ITEM_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...CUSTOMER_AGENDA_VIEW,
  'version',
  'state',
  'purging',
  // A claim's condition (lib/pool/service.ts takeSteps): still in that pool, not in its former owner's cooldown.
  'poolId',
  'previousOwnerId',
  'releasedAt',
  'birthday',
  'tier',
  'tierSince',
]);

type ItemAttributes = Pick<CustomerRecord, 'id' | 'version'> & Partial<CustomerRecord>;

/** The record's ITEM_ATTRIBUTES (its id and version among them). */
const itemAttributes = (record: CustomerRecord) =>
  Object.fromEntries(Object.entries(record).filter(([name]) => ITEM_ATTRIBUTES.has(name))) as ItemAttributes;

/**
 * The customer item: its key, the record packed (`rec`, which is all the list indexes project of
 * it), the few attributes DynamoDB reads (ITEM_ATTRIBUTES) and the index attributes of its state.
 */
export const customerItem = (tenantId: string, c: CustomerRecord) => {
  // A record never brings index attributes of its own: they follow from its state, here.
  const record = strip<CustomerRecord>(c);
  return {
    ...customerKey(tenantId, c.id),
    type: 'customer',
    ...itemAttributes(record),
    rec: packRecord(record),
    ...customerIndexKeys(tenantId, c.id, listing(c)),
    ...reclaimKeys(tenantId, c),
    // The owner's follow-up lists (never / by last follow-up) and the birthday reminders (lib/followups).
    ...customerFollowUpKeys(tenantId, c),
  };
};

/**
 * An owned customer with a reclaim instant (lib/ownership/reclaim.ts reclaimFields) is on its pool's
 * reclaim index (the job, the preview) and its owner's reclaim-soon list.
 */
function reclaimKeys(tenantId: string, c: CustomerRecord) {
  if (c.state !== 'active' || !c.ownerId || c.locked || !c.reclaimAt || !c.reclaimWarnAt || !c.reclaimPoolId)
    return {};
  return reclaimIndexKeys(tenantId, c.id, {
    poolId: c.reclaimPoolId,
    ownerId: c.ownerId,
    reclaimAt: c.reclaimAt,
    warnAt: c.reclaimWarnAt,
  });
}

const strip = <T>(item: object): T => stripKeys<T>(item as Record<string, unknown>, ['rec']);

/**
 * What the lifecycle sets on the customer item in place, outside any save (lib/lifecycle/repository.ts
 * writeTier): newer than the packed record whenever present, and kept by the next save.
 */
const SET_IN_PLACE = ['tier', 'tierSince'] as const;

/**
 * The record a stored customer item, tag copy or tier copy holds, or an index entry of one (which
 * carries `rec` and `tier` only): the packed record, with what the lifecycle set in place over it.
 * An item written before records were packed is its attributes.
 */
export function toRecord(item: Record<string, unknown>): CustomerRecord {
  if (!(item.rec instanceof Uint8Array)) return strip<CustomerRecord>(item);
  const record: Record<string, unknown> = { ...unpackRecord(item.rec) };
  for (const name of SET_IN_PLACE) if (item[name] !== undefined) record[name] = item[name];
  return record as unknown as CustomerRecord;
}

/** A share item: who shared with whom, and a copy of the customer the `shared` list renders. */
const shareItem = (tenantId: string, c: CustomerRecord, share: CustomerRecord['shares'][number]) => ({
  ...customerChildKey(tenantId, c.id, 'share', share.userId),
  type: 'customerShare',
  ...share,
  customerId: c.id,
  customerVersion: c.version,
  customer: present(c),
  ...(c.state === 'active' ? sharedWithKeys(tenantId, share.userId, c.updatedAt, c.id) : {}),
});

/**
 * A tag copy: the packed record (the lists render and scope-check it as they do the customer item's
 * entries) with the customer item's list entries moved to the tag's partitions (lib/db/keys.ts
 * customerTagKeys); `version` for the copy's condition, `tier` for the lifecycle's in-place update.
 */
const tagItem = (tenantId: string, item: Record<string, unknown>, tag: string) => ({
  ...customerTagKey(tenantId, item.id as string, tag),
  type: 'customerTag',
  id: item.id,
  version: item.version,
  ...(item.tier === undefined ? {} : { tier: item.tier }),
  rec: item.rec,
  ...customerTagKeys(item, tag),
});

export const historyItem = (tenantId: string, entry: HistoryEntry) => ({
  ...customerChildKey(tenantId, entry.customerId, 'history', entry.id),
  type: 'ownerHistory',
  ...entry,
  // Someone else gave the customer to a user (transfer, assign): the calendar's 新分配的客户.
  ...(entry.toUserId && entry.toUserId !== entry.actorId
    ? agendaKeys(tenantId, 'ASSIGNED', entry.toUserId, `${entry.at}#${entry.id}`)
    : {}),
});

type Term = CustomerRecord['searchTerms'][number];

/**
 * The term of the customer's own name carries a copy of the customer, rewritten with it: a search
 * by name (the usual one) renders its hits without reading the customers. Other terms (core name,
 * pinyin, initials, phone) point to it.
 */
const carriesCopy = (term: Term) => term.kinds.includes('name');

/** A search term that points to its customer (the consumer that indexes pinyin writes these too). */
export const termPointer = (tenantId: string, c: Pick<CustomerRecord, 'id' | 'state'>, term: Term) => ({
  ...customerSearchKey(tenantId, c.state, term.term, c.id),
  type: 'customerSearch',
  customerId: c.id,
  ...term,
});

const searchItem = (tenantId: string, c: CustomerRecord, term: Term) => ({
  ...termPointer(tenantId, c, term),
  customerVersion: c.version,
  ...(carriesCopy(term) ? { rec: packRecord(c) } : {}),
});

// ---- steps -------------------------------------------------------------------------------------

/** Carries the normalised name to the caller, who names the customer holding it. */
export class NameTaken extends Error {
  constructor(readonly nameKey: string) {
    super('name taken');
  }
}

const nameCountUndo = (tenantId: string, nameKey: string, delta: number) => ({
  Update: {
    TableName: TABLE(),
    Key: customerNameKey(tenantId, nameKey),
    UpdateExpression: 'ADD nameCount :delta',
    ExpressionAttributeValues: { ':delta': delta },
  },
});

function nameSteps(
  tenantId: string,
  next: CustomerRecord | null,
  prev: CustomerRecord | null,
  allowDuplicateNames: boolean | undefined,
  nameTaken: (nameKey: string) => Promise<Error>,
): Step[] {
  const nextKey = next?.nameKey;
  const prevKey = prev?.nameKey;
  if (nextKey === prevKey) return [];
  if (nextKey && allowDuplicateNames === undefined)
    throw new Error('A change of name needs the setting allowDuplicateNames');
  const steps: Step[] = [];
  if (nextKey) {
    steps.push({
      item: {
        Update: {
          TableName: TABLE(),
          Key: customerNameKey(tenantId, nextKey),
          UpdateExpression: 'SET #type = :type ADD nameCount :one',
          ...(allowDuplicateNames
            ? {}
            : { ConditionExpression: 'attribute_not_exists(nameCount) OR nameCount < :one' }),
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'customerName', ':one': 1 },
        },
      },
      fail: () => nameTaken(nextKey),
      // A reservation: held before the customer is written, given back if it is not.
      phase: 'before',
      undo: nameCountUndo(tenantId, nextKey, -1),
    });
  }
  if (prevKey) {
    steps.push({
      item: {
        Update: {
          TableName: TABLE(),
          Key: customerNameKey(tenantId, prevKey),
          UpdateExpression: 'ADD nameCount :minus',
          ExpressionAttributeValues: { ':minus': -1 },
        },
      },
      fail: () => new Error('name release failed'),
      phase: 'after',
    });
  }
  return steps;
}

// ---- copies: written after the customer, the newest version winning ------------------------------

/**
 * A copy of the customer (tag copy, search term, share item) is derived from it: it is written after
 * the customer's own write went in (`after`), never in its transaction, on a condition that only
 * lets a copy of a newer version of the customer replace or delete it. `version` names the
 * attribute holding the customer's version on that kind of copy.
 */
const copyPut = (item: Record<string, unknown>, version: number, attribute: string): Step => ({
  ...put(item, () => new Error('a newer copy is there'), {
    // A copy written before copies carried the customer's version counts as the oldest.
    expression: 'attribute_not_exists(#copyOf) OR #copyOf < :copyOf',
    names: { '#copyOf': attribute },
    values: { ':copyOf': version },
  }),
  phase: 'after',
});

const copyDelete = (Key: Key, version: number, attribute: string): Step => ({
  item: {
    Delete: {
      TableName: TABLE(),
      Key,
      ConditionExpression: 'attribute_not_exists(#copyOf) OR #copyOf <= :copyOf',
      ExpressionAttributeNames: { '#copyOf': attribute },
      ExpressionAttributeValues: { ':copyOf': version },
    },
  },
  fail: () => new Error('a newer copy is there'),
  phase: 'after',
});

/**
 * The search terms follow the customer: into the partitions of its new state when it changes
 * (pool, bin, back), the name's copy rewritten with every save, the others when they change.
 * `version`: the version the writes stand for (the customer's, or a removal's).
 */
function searchSteps(
  tenantId: string,
  next: CustomerRecord | null,
  prev: CustomerRecord | null,
  version: number,
): Step[] {
  const moved = next && prev && next.state !== prev.state;
  const before = new Map(
    (moved ? [] : (prev?.searchTerms ?? [])).map((t) => [t.term, JSON.stringify(t.kinds)]),
  );
  const after = new Map((next?.searchTerms ?? []).map((t) => [t.term, t]));
  const steps: Step[] = [];
  if (next)
    for (const [term, t] of after) {
      if (carriesCopy(t) || before.get(term) !== JSON.stringify(t.kinds))
        steps.push(copyPut(searchItem(tenantId, next, t), version, 'customerVersion'));
    }
  if (prev)
    for (const t of prev.searchTerms) {
      if (moved || !after.has(t.term))
        steps.push(
          copyDelete(customerSearchKey(tenantId, prev.state, t.term, prev.id), version, 'customerVersion'),
        );
    }
  return steps;
}

function shareSteps(
  tenantId: string,
  next: CustomerRecord | null,
  prev: CustomerRecord | null,
  version: number,
): Step[] {
  const kept = new Set((next?.shares ?? []).map((s) => s.userId));
  const id = (next ?? prev)?.id as string;
  return [
    ...(next?.shares ?? []).map((s) =>
      copyPut(shareItem(tenantId, next as CustomerRecord, s), version, 'customerVersion'),
    ),
    ...(prev?.shares ?? [])
      .filter((s) => !kept.has(s.userId))
      .map((s) => copyDelete(customerChildKey(tenantId, id, 'share', s.userId), version, 'customerVersion')),
  ];
}

/**
 * Every save rewrites each tag copy (it carries the packed record and its list entries) and deletes
 * the copies of tags the customer no longer has.
 */
function tagSteps(
  tenantId: string,
  next: CustomerRecord | null,
  prev: CustomerRecord | null,
  version: number,
): Step[] {
  const kept = new Set(next?.tags ?? []);
  const id = (next ?? prev)?.id as string;
  const item = next ? customerItem(tenantId, next) : undefined;
  return [
    ...(item ? [...kept].map((tag) => copyPut(tagItem(tenantId, item, tag), version, 'version')) : []),
    ...[...new Set(prev?.tags ?? [])]
      .filter((tag) => !kept.has(tag))
      .map((tag) => copyDelete(customerTagKey(tenantId, id, tag), version, 'version')),
  ];
}

/**
 * The copies' writes taking them from what `prev` had to what `next` has (null: none), at the
 * version `version` (a removal's is the removed customer's).
 */
function copySteps(
  tenantId: string,
  next: CustomerRecord | null,
  prev: CustomerRecord | null,
  version = next?.version ?? prev?.version ?? 0,
): Step[] {
  return [
    ...shareSteps(tenantId, next, prev, version),
    ...tagSteps(tenantId, next, prev, version),
    ...searchSteps(tenantId, next, prev, version),
  ];
}

/**
 * Brings the copies written for `written` in line with the customer as it is now, when another
 * write overtook this one: a copy of ours that landed after the newer writer's copies (a term it
 * removed, put back by us) is taken away again. Copies only ever move towards the newest version,
 * so once the customer reads as the version last synced, every later writer syncs after us.
 */
export async function settleCopies(tenantId: string, written: CustomerRecord): Promise<void> {
  let synced = written;
  for (let round = 0; round < MAX_REREADS; round += 1) {
    const current = (await getCustomer(tenantId, synced.id)) ?? null;
    if (current?.version === synced.version) return;
    if (!current) {
      // Removed meanwhile (merge, purge): whatever of ours landed after its deletes goes too.
      const shares = synced.shares.map((s) => del(customerChildKey(tenantId, synced.id, 'share', s.userId)));
      await Promise.all([...removalSteps(tenantId, synced), ...shares].map((s) => writeAfter(s.item)));
      return;
    }
    await Promise.all(copySteps(tenantId, current, synced).map((s) => writeAfter(s.item)));
    synced = current;
  }
}

/** A customer leaving for good: its search terms and tag copies, deleted in its transaction. */
const removalSteps = (tenantId: string, c: CustomerRecord): Step[] => [
  ...c.searchTerms.map((t) => del(customerSearchKey(tenantId, c.state, t.term, c.id))),
  ...[...new Set(c.tags)].map((tag) => del(customerTagKey(tenantId, c.id, tag))),
];

export interface SaveOptions {
  /** The tenant setting; needed only when the name changes (a create or a rename). */
  allowDuplicateNames?: boolean;
  /**
   * Merge only (lib/customers/merge.ts): the merge moves the name guards of all its customers at
   * once (netted per name) and writes the contacts it moves and keeps itself, so the save leaves
   * both to it.
   */
  merging?: boolean;
}

/**
 * Writes `next` over `prev` (null: a new customer): the customer item on the condition that it is
 * still at `prev.version` (412 otherwise) or does not exist yet; before it, the reservation of its
 * new name (409 duplicate_name); after it, the release of the old name, its share items, tag
 * copies and search terms (settled by `commit`), and its contacts' copy of its scope when that
 * changed. The customer's put is the first step (lib/pool/service.ts takeSteps conditions it
 * further). What stays in its transaction, when anything does: its open plans' items when the
 * owner, state or name changes (at most MAX_OPEN_PLANS) and its nearby cells (at most 4).
 */
export function saveCustomerSteps(
  tenantId: string,
  next: CustomerRecord,
  prev: CustomerRecord | null,
  opts: SaveOptions,
): Step[] {
  const item = customerItem(tenantId, next);
  const root: Step = {
    ...(prev
      ? {
          ...put(item, () => new PreconditionFailed(), atVersion(prev.version)),
          ...(!opts.merging && contactScopeChanged(next, prev)
            ? { contactsOf: { tenantId, customer: next } }
            : {}),
        }
      : put(item, () => new Conflict('customer_exists', 'The customer exists already.'), NEW_ITEM)),
    copiesOf: { tenantId, customer: next },
  };
  return [
    root,
    ...copySteps(tenantId, next, prev),
    ...(opts.merging
      ? []
      : nameSteps(tenantId, next, prev, opts.allowDuplicateNames, (nameKey) =>
          duplicateNameError(tenantId, nameKey, next.id),
        )),
    ...openPlanSteps(tenantId, next, prev),
    // A located customer's nearby cells (lib/customers/geo-items.ts): at most 4 steps.
    ...geoSteps(tenantId, next, prev),
  ];
}

/**
 * Open follow-up plans (lib/followups) follow their customer: they are on the agenda of its owner
 * while it is owned and active, and show its name. When a save changes the owner, the state or the
 * name, each open plan item is updated in the same transaction; the record lists its open plans,
 * so nothing is read. A plan already due is not reminded again (it is simply overdue).
 */
function openPlanSteps(tenantId: string, next: CustomerRecord, prev: CustomerRecord | null): Step[] {
  const agendaOwner = (c: CustomerRecord) => (c.state === 'active' ? c.ownerId : null);
  const ownerPath = (c: CustomerRecord) => (c.state === 'active' ? c.ownerRolePath : null);
  if (
    !prev ||
    (agendaOwner(next) === agendaOwner(prev) &&
      ownerPath(next) === ownerPath(prev) &&
      next.name === prev.name)
  )
    return [];
  const ownerId = agendaOwner(next);
  return (next.openPlans ?? []).map((plan) => {
    const keys: Record<string, string> = planIndexKeys(tenantId, {
      ...plan,
      status: 'open',
      ownerId,
      remindedFor: plan.dueAt <= next.updatedAt ? plan.dueAt : null,
    });
    const values: Record<string, unknown> = {
      ':owner': ownerId,
      ':path': ownerPath(next),
      ':name': next.name,
    };
    const sets = ['ownerId = :owner', 'ownerRolePath = :path', 'customerName = :name'];
    for (const [name, value] of Object.entries(keys)) {
      sets.push(`${name} = :${name}`);
      values[`:${name}`] = value;
    }
    const removes = PLAN_INDEX_ATTRIBUTES.filter((name) => !(name in keys));
    return {
      item: {
        Update: {
          TableName: TABLE(),
          Key: customerChildKey(tenantId, next.id, 'plan', plan.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
        },
      },
      fail: () => new Conflict('write_conflict', 'A plan of this customer changed at the same time; retry.'),
    };
  });
}

/**
 * The quota counter moves with every ownership change: the new owner gains one, on the condition
 * that they stay within `max` (409 quota_exceeded); the old owner loses one. Either side may be
 * null (a pool, the recycle bin). Claim, release and assign in the pool reuse these steps. `count`
 * moves several customers at once (an import group, the sources of a merge). `locksReleased`: how
 * many of them the old owner had locked (lib/pool), whose lock counter drops in the same update (one
 * transaction may not touch the counters item twice).
 */
export function ownershipChange(
  tenantId: string,
  fromUserId: string | null,
  toUserId: string | null,
  max: number | null,
  count = 1,
  locksReleased = 0,
): Step[] {
  if (fromUserId === toUserId) return [];
  if (max !== null && count > max) throw new Error(`${count} customers cannot fit a quota of ${max}`);
  const steps: Step[] = [];
  if (toUserId) {
    steps.push({
      item: {
        Update: {
          TableName: TABLE(),
          Key: userCountersKey(tenantId, toUserId),
          UpdateExpression: 'SET #type = :type ADD ownedCount :count',
          ...(max === null
            ? {}
            : { ConditionExpression: 'attribute_not_exists(ownedCount) OR ownedCount <= :room' }),
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'userCounters',
            ':count': count,
            ...(max === null ? {} : { ':room': max - count }),
          },
        },
      },
      fail: () =>
        new Conflict('quota_exceeded', `The owner already has the maximum of ${max} customers.`, {
          userId: toUserId,
          max,
        }),
      // A reservation: a place in the quota held before the customer moves, given back if it does not.
      phase: 'before',
      undo: {
        Update: {
          TableName: TABLE(),
          Key: userCountersKey(tenantId, toUserId),
          UpdateExpression: 'ADD ownedCount :minus',
          ExpressionAttributeValues: { ':minus': -count },
        },
      },
    });
  }
  if (fromUserId) {
    steps.push({
      item: {
        Update: {
          TableName: TABLE(),
          Key: userCountersKey(tenantId, fromUserId),
          UpdateExpression: `SET #type = :type ADD ownedCount :minus${locksReleased ? ', lockedCount :unlocked' : ''}`,
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'userCounters',
            ':minus': -count,
            ...(locksReleased ? { ':unlocked': -locksReleased } : {}),
          },
        },
      },
      fail: () => new Error('counter release failed'),
      phase: 'after',
    });
  }
  return steps;
}

/** An entry of the ownership history: a log of what went in, written once it did. */
export const historyStep = (tenantId: string, entry: HistoryEntry): Step => ({
  ...put(
    historyItem(tenantId, entry),
    () => new Conflict('history_exists', 'History entry exists.'),
    NEW_ITEM,
  ),
  phase: 'after',
});

/** A new customer's initial contacts, with their references, search terms and the contacts record. */
export const newContactsSteps = (tenantId: string, c: CustomerRecord, contacts: ContactRecord[]): Step[] =>
  initialContactSteps(tenantId, c, contacts);

/** The customer must exist and not be in the recycle bin (children are added to live customers). */
export const customerLiveCheck = (tenantId: string, customerId: string): Step => ({
  item: {
    ConditionCheck: {
      TableName: TABLE(),
      Key: customerKey(tenantId, customerId),
      ConditionExpression: 'attribute_exists(pk) AND #state <> :recycled',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':recycled': 'recycled' },
    },
  },
  fail: () => new NotFound('customer'),
});

// ---- reads -------------------------------------------------------------------------------------

export async function getCustomer(tenantId: string, id: string): Promise<CustomerRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: customerKey(tenantId, id), ConsistentRead: true }),
  );
  return out.Item ? toRecord(out.Item) : undefined;
}

/** A merge whose deferred moves are not done yet (lib/customers/merge.ts), if it is still pending. */
export async function getMergeSweep(
  tenantId: string,
  mergeId: string,
): Promise<{ targetId: string; sourceIds: string[] } | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: mergeSweepKey(tenantId, mergeId), ConsistentRead: true }),
  );
  return out.Item
    ? { targetId: out.Item.targetId as string, sourceIds: out.Item.sourceIds as string[] }
    : undefined;
}

/** Merges begun at or before `before` whose deferred moves are still pending, across tenants. */
export async function* mergeSweepsDue(before: string): AsyncGenerator<{ tenantId: string; mergeId: string }> {
  const q = mergeSweepsQuery(before);
  const { pk, sk } = indexKeys(q.index);
  for await (const page of jobPages({ index: q.index, pkName: pk, pk: q.pk, skName: sk, upTo: q.upTo }))
    for (const item of page) yield { tenantId: item.tenantId as string, mergeId: item.mergeId as string };
}

/** Customers by id (BatchGet); unknown ids are left out. */
export async function getCustomers(tenantId: string, ids: string[]): Promise<Map<string, CustomerRecord>> {
  const items = await batchGet([...new Set(ids)].map((id) => customerKey(tenantId, id)));
  return new Map(items.map((item) => [item.id as string, toRecord(item)]));
}

/**
 * The customers of an index page whose entries hold their ids only (`reclaimDue`: the reclaim job and
 * its preview), read by id, in the page's order; one gone since the page was read is left out.
 */
export async function customersOfEntries(
  tenantId: string,
  entries: ReadonlyArray<Record<string, unknown>>,
): Promise<CustomerRecord[]> {
  const ids = entries.map((entry) => entry.id as string);
  const found = await getCustomers(tenantId, ids);
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** Every item of a customer's collection: the 360 view and purge read it in one Query (paged). */
export const getCollection = (tenantId: string, id: string, consistent = false) =>
  queryAll<Record<string, unknown>>({ tenantId, pk: customerCollection(tenantId, id).pk, consistent });

export const stripItem = strip;

/** The customers holding exactly a normalised name (from the search terms, any state), for the 409 body. */
export async function customersNamed(tenantId: string, nameKey: string, limit: number): Promise<string[]> {
  const pages = await Promise.all(
    SEARCH_STATES.map((state) =>
      searchPage(tenantId, state, asTerm(nameKey), true, { limit, fingerprint: 'customer-name' }),
    ),
  );
  return pages.flatMap((page) => page.items.filter((i) => i.kinds.includes('name')).map((i) => i.customerId));
}

async function duplicateNameError(tenantId: string, nameKey: string, selfId: string): Promise<Error> {
  const ids = (await customersNamed(tenantId, nameKey, 10)).filter((id) => id !== selfId);
  const existing = ids[0] ? await getCustomer(tenantId, ids[0]) : undefined;
  return new Conflict(
    'duplicate_name',
    existing
      ? `A customer with this name exists already (${existing.name}, owner: ${existing.ownerName ?? '公海'}).`
      : 'A customer with this name exists already.',
    { existing: existing ? { customerId: existing.id, ownerName: existing.ownerName } : null },
  );
}

export interface SearchHit {
  customerId: string;
  term: string;
  kinds: string[];
  /** The customer, on the term of its own name (stored packed, or whole before records were packed). */
  customer?: CustomerRecord;
  /** On a pinyin term the name-search consumer indexed: all it indexed for the customer (term-hits.ts). */
  indexed?: string[];
}

/** One page of the search terms of customers in `state` starting with `prefix` (or exactly `prefix`). */
export const searchPage = async (
  tenantId: string,
  state: SearchState,
  prefix: string,
  exact: boolean,
  page: { limit: number; cursor?: string | undefined; fingerprint: string },
): Promise<Page<SearchHit>> => {
  const { pk, skPrefix } = customerSearchQuery(tenantId, state, prefix, exact);
  const found = await queryPage<SearchHit & { rec?: Uint8Array }>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
  });
  const hits = found.items.map(
    ({ rec, ...hit }): SearchHit => (rec ? { ...hit, customer: unpackRecord(rec) } : hit),
  );
  return { items: hits, nextCursor: found.nextCursor };
};

export async function listChildren<T>(
  tenantId: string,
  customerId: string,
  kind: 'news' | 'history',
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<T>> {
  const { pk, skPrefix } = customerChildPrefix(tenantId, customerId, kind);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    ascending: false,
    fingerprint: `customer-${kind}:${customerId}`,
  });
  return { items: result.items.map((i) => strip<T>(i)), nextCursor: result.nextCursor };
}

// ---- children ----------------------------------------------------------------------------------

export const newsStep = (tenantId: string, news: News): Step =>
  put(
    { ...customerChildKey(tenantId, news.customerId, 'news', news.id), type: 'news', ...news },
    () => new Conflict('news_exists', 'The news item exists already.'),
    NEW_ITEM,
  );

// `type` names what an item is across the table, so the relation's own type is `relationType`.
const relationItem = (tenantId: string, { type, ...relation }: Relation) => ({
  ...customerChildKey(tenantId, relation.customerId, 'relation', relation.relatedId),
  ...relation,
  type: 'relation',
  relationType: type,
});

export const toRelation = (item: Record<string, unknown>): Relation => {
  const { relationType, ...rest } = strip<Record<string, unknown>>(item);
  return { ...rest, type: relationType } as Relation;
};

export const relationStep = (tenantId: string, relation: Relation): Step =>
  put(
    relationItem(tenantId, relation),
    () => new Conflict('relation_exists', 'The customers are related already; remove the relation first.'),
    NEW_ITEM,
  );

export const relationDeleteStep = (tenantId: string, customerId: string, relatedId: string): Step => ({
  item: {
    Delete: {
      TableName: TABLE(),
      Key: customerChildKey(tenantId, customerId, 'relation', relatedId),
      ConditionExpression: 'attribute_exists(pk)',
    },
  },
  fail: () => new NotFound('relation'),
});

// ---- bulk loads --------------------------------------------------------------------------------

/**
 * Every item a new customer consists of, unconditionally (seeding the bench, demo data): the
 * customer, its share items, tag copies, search terms and a name guard counting it. The owner's
 * counter is the loader's to set (`userCountersItem`). Writes that must respect the invariants use
 * `saveCustomerSteps` + `ownershipChange` instead.
 */
export function newCustomerItems(tenantId: string, c: CustomerRecord): Record<string, unknown>[] {
  const item = customerItem(tenantId, c);
  return [
    item,
    ...c.shares.map((s) => shareItem(tenantId, c, s)),
    ...[...new Set(c.tags)].map((tag) => tagItem(tenantId, item, tag)),
    ...c.searchTerms.map((t) => searchItem(tenantId, c, t)),
    { ...customerNameKey(tenantId, c.nameKey), type: 'customerName', nameCount: 1 },
    ...geoItems(tenantId, c),
  ];
}

export const userCountersItem = (tenantId: string, userId: string, ownedCount: number) => ({
  ...userCountersKey(tenantId, userId),
  type: 'userCounters',
  ownedCount,
});

// ---- purge -------------------------------------------------------------------------------------

/**
 * The item naming a child's customer, for ids that reach paths without their customer (contacts,
 * follow-up records and plans, opportunities and contracts); undefined for other kinds.
 */
export function childRefKey(tenantId: string, kind: CustomerChildKind, childId: string): Key | undefined {
  switch (kind) {
    case 'contact':
      return contactRefKey(tenantId, childId);
    case 'followup':
    case 'plan':
      return followUpRefKey(tenantId, childId);
    case 'opportunity':
    case 'contract':
      return pipelineRefKey(tenantId, childId);
    default:
      return undefined;
  }
}

/** A child's items outside the collection: its reference item, and a contact's search terms. */
function outsideKeys(tenantId: string, item: Record<string, unknown>): Key[] {
  const sk = item.sk as string;
  const kind = customerChildKind(sk);
  if (!kind || kind === 'customer') return [];
  // A contact's reference is among its outside keys already (with its search terms).
  if (kind === 'contact') return contactOutsideKeys(tenantId, item);
  const ref = childRefKey(tenantId, kind, sk.slice(CUSTOMER_CHILD[kind].length));
  return ref ? [ref] : [];
}

/**
 * Deletes every child of a customer whose purge has started (pages of the collection, BatchWrite),
 * and the reverse side of its relations on the other customers. The customer item itself stays:
 * `finishPurge` removes it with its guard and search terms in one transaction. Safe to re-run.
 */
export async function deleteChildren(tenantId: string, id: string): Promise<void> {
  const { pk } = customerCollection(tenantId, id);
  let cursor: string | undefined;
  do {
    const page: Page<Record<string, unknown>> = await queryPage<Record<string, unknown>>({
      tenantId,
      pk,
      limit: 100,
      cursor,
      fingerprint: `purge:${id}`,
    });
    const children = page.items.filter((i) => i.type !== 'customer');
    const reverse = children
      .filter((i) => i.type === 'relation')
      .map((i) => customerChildKey(tenantId, i.relatedId as string, 'relation', id));
    const outside = children.flatMap((i) => outsideKeys(tenantId, i));
    await batchDelete([
      ...children.map((i) => ({ pk: i.pk as string, sk: i.sk as string })),
      ...reverse,
      ...outside,
    ]);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * The last step of a purge: the customer item, its name guard, its search terms and its tag copies
 * together (deleteChildren removed the copies already; a rewrite of the purging customer meanwhile,
 * such as an owner's role change, puts them back, and they must not outlive it).
 */
export function finishPurgeSteps(tenantId: string, c: CustomerRecord): Step[] {
  return [
    {
      item: {
        Delete: {
          TableName: TABLE(),
          Key: customerKey(tenantId, c.id),
          ConditionExpression: 'purging = :true',
          ExpressionAttributeValues: { ':true': true },
        },
      },
      fail: () => new NotFound('customer'),
    },
    ...nameSteps(tenantId, null, c, true, async () => new Error('unreachable')),
    ...removalSteps(tenantId, c),
  ];
}

// ---- import and merge (lib/customers/import.ts, merge.ts) ---------------------------------------

/** Which of these normalised names some customer holds already (its guard counts one or more). */
export async function heldNames(tenantId: string, nameKeys: string[]): Promise<Set<string>> {
  const byPk = new Map([...new Set(nameKeys)].map((k) => [customerNameKey(tenantId, k).pk, k]));
  const items = await batchGet([...byPk.keys()].map((pk) => ({ pk, sk: customerNameKey(tenantId, '').sk })));
  return new Set(
    items
      .filter((i) => ((i.nameCount as number | undefined) ?? 0) > 0)
      .map((i) => byPk.get(i.pk as string) as string),
  );
}

/** How many customers a user owns: the quota counter. */
export async function ownedCount(tenantId: string, userId: string): Promise<number> {
  const out = await db().send(
    new GetCommand({ TableName: TABLE(), Key: userCountersKey(tenantId, userId), ConsistentRead: true }),
  );
  return (out.Item?.ownedCount as number | undefined) ?? 0;
}

/**
 * A customer leaving for good at the version read (merge): its item (412 otherwise), search terms
 * and tag copies.
 */
export function removeCustomerSteps(tenantId: string, c: CustomerRecord): Step[] {
  return [
    {
      item: {
        Delete: withCondition({ TableName: TABLE(), Key: customerKey(tenantId, c.id) }, atVersion(c.version)),
      },
      fail: () => new PreconditionFailed(),
    },
    ...removalSteps(tenantId, c),
    ...geoSteps(tenantId, null, c),
  ];
}

/**
 * A name guard moving by `delta` customers at once (merge nets the moves of all its customers per
 * name). Gaining a name nobody in the merge held is conditioned like a create (409 duplicate_name).
 */
export function nameCountStep(
  tenantId: string,
  nameKey: string,
  delta: number,
  allowDuplicateNames: boolean,
  selfId: string,
): Step {
  const unique = delta > 0 && !allowDuplicateNames;
  return {
    item: {
      Update: {
        TableName: TABLE(),
        Key: customerNameKey(tenantId, nameKey),
        UpdateExpression: 'SET #type = :type ADD nameCount :delta',
        ...(unique ? { ConditionExpression: 'attribute_not_exists(nameCount) OR nameCount < :one' } : {}),
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'customerName',
          ':delta': delta,
          ...(unique ? { ':one': 1 } : {}),
        },
      },
    },
    fail: () => duplicateNameError(tenantId, nameKey, selfId),
  };
}

/**
 * An item moving to another key (a child of a merged customer moving to the target): the old one
 * must still be as read (`expected`, else 412) and the new key free.
 */
export function moveSteps(
  from: Key,
  to: Record<string, unknown>,
  expected?: { attribute: string; value: unknown },
): Step[] {
  return [
    {
      item: {
        Delete: {
          TableName: TABLE(),
          Key: from,
          ConditionExpression: expected ? '#expected = :expected' : 'attribute_exists(pk)',
          ...(expected
            ? {
                ExpressionAttributeNames: { '#expected': expected.attribute },
                ExpressionAttributeValues: { ':expected': expected.value },
              }
            : {}),
        },
      },
      fail: () => new PreconditionFailed('A merged customer changed meanwhile; read them again and retry.'),
    },
    put(to, () => new Conflict('merge_collision', 'An item of the target holds the same key.'), NEW_ITEM),
  ];
}

/** Any item written as given (merge rewrites references and keeps counts), optionally on a condition. */
export function writeStep(
  item: Record<string, unknown>,
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
): Step {
  return put(
    item,
    () => new PreconditionFailed('A merged customer changed meanwhile; read them again and retry.'),
    condition,
  );
}

/** Any item deleted, optionally on a condition (412 when it fails). */
export function deleteStep(
  key: Key,
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
): Step {
  return {
    item: {
      Delete: {
        TableName: TABLE(),
        Key: key,
        ...(condition
          ? {
              ConditionExpression: condition.expression,
              ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
              ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
            }
          : {}),
      },
    },
    fail: () => new PreconditionFailed('A merged customer changed meanwhile; read them again and retry.'),
  };
}
