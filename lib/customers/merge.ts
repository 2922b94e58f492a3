import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { batchGet } from '../db/batch.ts';
import { stripKeys } from '../db/items.ts';
import {
  type CustomerChildKind,
  contactsMetaKey,
  customerChildKey,
  customerChildKind,
  type Key,
  mergeSweepKey,
  mergeSweepSchedule,
  PLAN_INDEX_ATTRIBUTES,
  planIndexKeys,
} from '../db/keys.ts';
import { atomic } from '../db/write.ts';
import type { Auth } from '../http/auth.ts';
import { Conflict, Forbidden, NotFound, Unprocessable } from '../http/errors.ts';
import { logger } from '../log.ts';
import { withClock } from '../ownership/reclaim.ts';
import { getSettings } from '../settings/repository.ts';
import {
  type ContactRecord,
  contactItem,
  contactScopeChanged,
  contactScopeOf,
  searchItem as contactSearchItem,
  toContactRecord,
} from './contact-items.ts';
import { MAX_CONTACTS } from './contact-schemas.ts';
import { searchTerms } from './names.ts';
import * as repo from './repository.ts';
import {
  type CustomerRecord,
  canManage,
  canSee,
  historyEntry,
  MAX_OPEN_PLANS,
  present,
  reverseRelation,
  touched,
  type Writer,
  withOpenPlans,
  writerOf,
} from './rules.ts';
import { type Customer, MAX_SHARES, MAX_TAGS, type MergeInput, type Relation } from './schemas.ts';

/**
 * 客户合并 (seed 000 §二.4, seed 002 查重及合并): duplicates become one customer. The target keeps its
 * id and owner and takes the picked value of each field; every child of the sources (contacts,
 * follow-ups, plans, news, relations, owner history, opportunities, contracts, payment plans,
 * payments) moves to it, shares are united, and the sources are gone with their name guards,
 * search terms and the quota (and lock) counts of their owners. A `merge` entry in the target's
 * owner history records it.
 *
 * All or nothing, in ONE transaction: the whole merge is planned from what was read, and every
 * customer is conditioned on the version read (each moved child on its own version, the contacts
 * on their sequence), so a concurrent edit makes the merge fail with 412 and nothing changes; the
 * client reads again and retries. Children that need no change of their customer (news, relations,
 * deals) can still be added to a source while the merge is in flight; after the commit the merge
 * moves such stragglers too (`sweep`).
 *
 * A transaction takes at most 100 writes. When the moves of the whole merge do not fit, the
 * transaction decides the merge with everything the target's record depends on (contacts, open
 * plans, shares, relations) and a `mergeSweep` item naming the sources; the children that do not
 * (follow-up records, closed plans, news, history, deals and payments) then follow in transactions
 * of their own, and the item goes when they all have. The merge is decided at the commit and only
 * moves forward: if the request dies before the moves are done, the `merge-sweeps` stream consumer
 * (lib/jobs.ts) finishes them from the item. Only a merge whose decisive part alone exceeds 100
 * writes is refused with 422 merge_too_large (merge fewer customers at once).
 */

export const MAX_MERGE_ITEMS = 100;

type Item = Record<string, unknown>;

interface Loaded {
  record: CustomerRecord;
  items: Item[];
}

const strip = <T>(item: Item): T => stripKeys<T>(item);
const keyOf = (item: Item): Key => ({ pk: item.pk as string, sk: item.sk as string });
const keyText = (key: { pk: unknown; sk: unknown }) => `${key.pk}\u0000${key.sk}`;
const childId = (item: Item, kind: CustomerChildKind) => (item.sk as string).slice(childPrefixLength(kind));
const childPrefixLength = (kind: CustomerChildKind) => customerChildKey('x', 'x', kind, '').sk.length;
const kindOf = (item: Item) =>
  customerChildKind(item.sk as string) ?? (item.type === 'contactsMeta' ? 'meta' : undefined);

function refuseInactive(c: CustomerRecord): void {
  if (c.state === 'recycled')
    throw new Conflict('customer_recycled', `${c.name} is in the recycle bin; restore it before merging.`);
  if (c.state === 'pool')
    throw new Conflict('customer_in_pool', `${c.name} is in the public pool; claim it before merging.`);
}

async function load(auth: Auth, ids: string[]): Promise<Loaded[]> {
  const records = await Promise.all(ids.map((id) => repo.getCustomer(auth.tenantId, id)));
  for (const c of records) if (!c || !canSee(auth, c)) throw new NotFound('customer');
  for (const c of records) refuseInactive(c as CustomerRecord);
  // A source disappears into the target: as deleting or transferring it, that is the owner's call.
  if (records.slice(1).some((c) => !canManage(auth, c as CustomerRecord)))
    throw new Forbidden(
      'Only the owner of every merged customer, their superiors or an administrator may merge them.',
      'not_owner',
    );
  const collections = await Promise.all(ids.map((id) => repo.getCollection(auth.tenantId, id, true)));
  return records.map((record, i) => ({ record: record as CustomerRecord, items: collections[i] ?? [] }));
}

// ---- the surviving values ------------------------------------------------------------------------

const SCALAR_FIELDS = [
  'name',
  'phone',
  'email',
  'website',
  'address',
  'regionId',
  'industryId',
  'categoryId',
  'sourceId',
  'levelId',
  'statusId',
  'maturityId',
  'birthday',
  'note',
] as const;

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';
const latest = (values: Array<string | null | undefined>) =>
  values
    .filter((v): v is string => typeof v === 'string')
    .sort()
    .at(-1) ?? null;

/**
 * The target's record after the merge: a picked field takes the value of the customer picked; an
 * unpicked one keeps the target's, or the first source's (in the order given) where the target has
 * none. Tags and shares are united; follow-up and deal facts are combined (latest follow-up, all
 * open plans, won if any was won).
 */
export function mergedRecord(
  target: CustomerRecord,
  sources: CustomerRecord[],
  pick: Record<string, string>,
  at: string,
  by?: Writer,
): CustomerRecord {
  const byId = new Map([target, ...sources].map((c) => [c.id, c]));
  const all = [target, ...sources];
  const value = (field: string, get: (c: CustomerRecord) => unknown): unknown => {
    const picked = pick[field];
    if (picked) return get(byId.get(picked) as CustomerRecord);
    const own = get(target);
    if (!isEmpty(own)) return own;
    return sources.map(get).find((v) => !isEmpty(v)) ?? own;
  };
  const changes: Record<string, unknown> = {};
  for (const field of SCALAR_FIELDS) changes[field] = value(field, (c) => c[field]) ?? null;
  changes.private = pick.private ? (byId.get(pick.private) as CustomerRecord).private : target.private;
  changes.tags = pick.tags
    ? (byId.get(pick.tags) as CustomerRecord).tags
    : [...new Set(all.flatMap((c) => c.tags))].slice(0, MAX_TAGS);
  const keys = new Set(all.flatMap((c) => Object.keys(c.customFields ?? {})));
  for (const field of Object.keys(pick)) if (field.startsWith('customFields.')) keys.add(field.slice(13));
  const customFields: Record<string, unknown> = {};
  for (const key of keys) {
    const v = value(`customFields.${key}`, (c) => c.customFields?.[key]);
    if (!isEmpty(v)) customFields[key] = v;
  }
  changes.customFields = customFields;

  const shares = new Map<string, CustomerRecord['shares'][number]>();
  for (const s of all.flatMap((c) => c.shares))
    if (s.userId !== target.ownerId && !shares.has(s.userId)) shares.set(s.userId, s);
  const plans = all.flatMap((c) => c.openPlans ?? []);
  const name = changes.name as string;
  const phone = changes.phone as string | null;
  return touched(
    target,
    at,
    {
      ...(changes as Partial<CustomerRecord>),
      nameKey: (pick.name ? byId.get(pick.name) : target)?.nameKey ?? target.nameKey,
      searchTerms: searchTerms(name, phone),
      shares: [...shares.values()],
      lastFollowUpAt: latest(all.map((c) => c.lastFollowUpAt)),
      ...(plans.length > 0 || target.openPlans ? withOpenPlans(plans) : {}),
      won: all.some((c) => c.won === true),
      lastDealAt: latest(all.map((c) => c.lastDealAt)),
    },
    by,
  );
}

// ---- the plan ------------------------------------------------------------------------------------

interface Context {
  tenantId: string;
  next: CustomerRecord;
  merged: Set<string>;
  /** Customers the target is (or will be) related to. */
  related: Set<string>;
  /** Reference items (contact, follow-up, plan, opportunity, contract id -> customer) as read. */
  refs: Map<string, Item>;
  /** Whether the target has a primary contact (or one of the moved contacts became it). */
  primaryTaken: boolean;
  primaryContactId: string | null;
}

interface Planned {
  steps: repo.Step[];
  moved: Record<string, number>;
  /** Keys the plan writes whole: other steps on them are superseded. */
  written: Set<string>;
  contacts: number;
}

const SECTION: Partial<Record<CustomerChildKind, string>> = {
  contact: 'contacts',
  followup: 'followups',
  plan: 'plans',
  news: 'news',
  relation: 'relations',
  history: 'history',
  opportunity: 'opportunities',
  contract: 'contracts',
  paymentPlan: 'paymentPlans',
  payment: 'payments',
};

function refSteps(ctx: Context, key: Key | undefined, sourceId: string): repo.Step[] {
  const ref = key ? ctx.refs.get(keyText(key)) : undefined;
  if (!ref) return [];
  return [
    repo.writeStep(
      { ...ref, customerId: ctx.next.id },
      { expression: 'customerId = :source', values: { ':source': sourceId } },
    ),
  ];
}

/** The condition a moved child is taken on: its version, or (follow-ups) its replies, as read. */
function expectedOf(kind: CustomerChildKind, item: Item) {
  if (typeof item.version === 'number') return { attribute: 'version', value: item.version };
  if (kind === 'followup') return { attribute: 'replies', value: item.replies ?? [] };
  return undefined;
}

/**
 * Children whose move changes nothing the target's record depends on: a merge too big for one
 * transaction leaves them to the sweep after its commit.
 */
function deferrable(item: Item): boolean {
  const kind = kindOf(item);
  if (kind === 'plan') return item.status !== 'open';
  return kind !== undefined && kind !== 'customer' && kind !== 'meta' && DEFERRABLE.has(kind);
}
const DEFERRABLE: ReadonlySet<CustomerChildKind> = new Set<CustomerChildKind>([
  'followup',
  'history',
  'news',
  'opportunity',
  'contract',
  'paymentPlan',
  'payment',
]);

/** The steps that take the children of one source (or stragglers found after the merge) to the target. */
function planChildren(ctx: Context, sourceId: string, items: Item[]): Planned {
  const out: Planned = { steps: [], moved: {}, written: new Set(), contacts: 0 };
  const { tenantId, next } = ctx;
  const count = (kind: CustomerChildKind) => {
    const section = SECTION[kind] as string;
    out.moved[section] = (out.moved[section] ?? 0) + 1;
  };
  const move = (item: Item, to: Item, kind: CustomerChildKind) => {
    out.steps.push(...repo.moveSteps(keyOf(item), to, expectedOf(kind, item)));
    out.written.add(keyText(to as Key));
    count(kind);
  };
  for (const item of items) {
    const kind = kindOf(item);
    if (kind === 'customer' || kind === 'meta') continue;
    if (kind === undefined)
      throw new Unprocessable(
        'merge_unsupported_item',
        `A merged customer holds an item this version cannot move (${String(item.sk).split('#')[0]}).`,
      );
    const id = childId(item, kind);
    const at = customerChildKey(tenantId, next.id, kind, id);
    switch (kind) {
      case 'share':
        // The target's shares are the union, written with the target.
        out.steps.push(repo.deleteStep(keyOf(item)));
        break;
      case 'tag':
        // The source's tag copies go with it (removeCustomerSteps); the target's are written with it.
        break;
      case 'relation': {
        const relation = repo.toRelation(item);
        out.steps.push(repo.deleteStep(keyOf(item)));
        if (ctx.merged.has(relation.relatedId)) break;
        out.steps.push(repo.deleteStep(customerChildKey(tenantId, relation.relatedId, 'relation', sourceId)));
        if (ctx.related.has(relation.relatedId)) break;
        ctx.related.add(relation.relatedId);
        const moved: Relation = { ...relation, customerId: next.id };
        out.steps.push(
          repo.relationStep(tenantId, moved),
          repo.relationStep(tenantId, {
            ...moved,
            customerId: relation.relatedId,
            relatedId: next.id,
            relatedName: next.name,
            type: reverseRelation(relation.type),
          }),
        );
        count(kind);
        break;
      }
      case 'contact': {
        const r = toContactRecord(item);
        const primary = r.primary && !ctx.primaryTaken;
        if (primary) {
          ctx.primaryTaken = true;
          ctx.primaryContactId = r.id;
        }
        const record: ContactRecord = { ...r, customerId: next.id, primary, version: r.version + 1 };
        move(item, contactItem(tenantId, record, contactScopeOf(next)), kind);
        for (const term of r.searchTerms ?? [])
          out.steps.push(repo.writeStep(contactSearchItem(tenantId, record, term)));
        out.steps.push(...refSteps(ctx, repo.childRefKey(tenantId, kind, r.id), sourceId));
        out.contacts += 1;
        break;
      }
      case 'plan': {
        const plan = strip<Record<string, unknown>>(item);
        const open = plan.status === 'open';
        const moved = {
          ...plan,
          customerId: next.id,
          customerName: next.name,
          ownerId: open ? (next.state === 'active' ? next.ownerId : null) : plan.ownerId,
          ownerRolePath: open ? (next.state === 'active' ? next.ownerRolePath : null) : plan.ownerRolePath,
        } as unknown as Parameters<typeof planIndexKeys>[1] & Item;
        for (const name of PLAN_INDEX_ATTRIBUTES) delete moved[name];
        move(item, { ...at, type: 'plan', ...moved, ...planIndexKeys(tenantId, moved) }, kind);
        out.steps.push(...refSteps(ctx, repo.childRefKey(tenantId, kind, id), sourceId));
        break;
      }
      case 'opportunity':
      case 'contract':
      case 'paymentPlan':
      case 'payment': {
        const named = 'customerName' in item ? { customerName: next.name } : {};
        move(item, { ...item, ...at, customerId: next.id, ...named }, kind);
        out.steps.push(...refSteps(ctx, repo.childRefKey(tenantId, kind, id), sourceId));
        break;
      }
      default:
        // Follow-up records (with the customer's name when written), news and owner history.
        move(item, { ...item, ...at, customerId: next.id }, kind);
        out.steps.push(...refSteps(ctx, repo.childRefKey(tenantId, kind, id), sourceId));
    }
  }
  return out;
}

/** Every reference item of the children, read at once (BatchGet). */
async function readRefs(tenantId: string, items: Item[]): Promise<Map<string, Item>> {
  const keys = items.flatMap((item) => {
    const kind = kindOf(item);
    if (!kind || kind === 'customer' || kind === 'meta') return [];
    const key = repo.childRefKey(tenantId, kind, childId(item, kind));
    return key ? [key] : [];
  });
  const found = keys.length > 0 ? await batchGet(keys) : [];
  return new Map(found.map((ref) => [keyText(keyOf(ref)), ref]));
}

const metaOf = (items: Item[]) => items.find((i) => kindOf(i) === 'meta');

/** The target's contacts record after the merge, and its own contacts when what they copy changed. */
function targetContactSteps(ctx: Context, target: Loaded, movedContacts: number): repo.Step[] {
  const { tenantId, next } = ctx;
  const meta = metaOf(target.items);
  const rewrite = contactScopeChanged(next, target.record);
  if (movedContacts === 0 && !rewrite) return [];
  const metaKey = contactsMetaKey(tenantId, next.id);
  // Still no contacts: check that none came meanwhile (it would keep the old copy of the scope).
  if (movedContacts === 0 && !meta)
    return [repo.deleteStep(metaKey, { expression: 'attribute_not_exists(pk)' })];
  const own = rewrite ? target.items.filter((i) => kindOf(i) === 'contact') : [];
  const count = ((meta?.contactCount as number | undefined) ?? 0) + movedContacts;
  if (count > MAX_CONTACTS)
    throw new Unprocessable(
      'too_many_contacts',
      `Together the customers have ${count} contacts; a customer can have at most ${MAX_CONTACTS}.`,
    );
  const seq = (meta?.seq as number | undefined) ?? 0;
  const steps: repo.Step[] = [
    // No contact came or went since the read (the sequence), whatever else this writes.
    repo.writeStep(
      {
        ...metaKey,
        type: 'contactsMeta',
        customerId: next.id,
        contactCount: count,
        seq: seq + movedContacts,
        ...(ctx.primaryContactId ? { primaryContactId: ctx.primaryContactId } : {}),
      },
      meta
        ? { expression: 'seq = :seq', values: { ':seq': seq } }
        : { expression: 'attribute_not_exists(pk)' },
    ),
  ];
  const scope = contactScopeOf(next);
  for (const item of own) {
    const r = toContactRecord(item);
    steps.push(
      repo.writeStep(contactItem(tenantId, { ...r, version: r.version + 1 }, scope), {
        expression: 'version = :v',
        values: { ':v': r.version },
      }),
    );
  }
  return steps;
}

/** A source's contacts record goes with it, on the condition that no contact came or went since. */
function sourceMetaStep(tenantId: string, source: Loaded): repo.Step {
  const meta = metaOf(source.items);
  return repo.deleteStep(
    contactsMetaKey(tenantId, source.record.id),
    meta
      ? { expression: 'seq = :seq', values: { ':seq': meta.seq } }
      : { expression: 'attribute_not_exists(pk)' },
  );
}

/** The name guards of all merged customers, netted per name (a transaction touches an item once). */
function nameSteps(
  tenantId: string,
  next: CustomerRecord,
  all: CustomerRecord[],
  allowDuplicateNames: boolean,
) {
  const delta = new Map<string, number>();
  for (const c of all) delta.set(c.nameKey, (delta.get(c.nameKey) ?? 0) - 1);
  delta.set(next.nameKey, (delta.get(next.nameKey) ?? 0) + 1);
  return [...delta.entries()]
    .filter(([, d]) => d !== 0)
    .map(([nameKey, d]) => repo.nameCountStep(tenantId, nameKey, d, allowDuplicateNames, next.id));
}

/** The quota and lock counts of the sources' owners, one step per owner. */
function counterSteps(tenantId: string, sources: CustomerRecord[]): repo.Step[] {
  const byOwner = new Map<string, { owned: number; locked: number }>();
  for (const s of sources) {
    if (!s.ownerId) continue;
    const c = byOwner.get(s.ownerId) ?? { owned: 0, locked: 0 };
    c.owned += 1;
    if (s.locked) c.locked += 1;
    byOwner.set(s.ownerId, c);
  }
  return atomic(
    [...byOwner.entries()].flatMap(([userId, c]) =>
      repo.ownershipChange(tenantId, userId, null, null, c.owned, c.locked),
    ),
  );
}

/** Steps another step supersedes (an update of an open plan that the merge writes whole) are left out. */
function superseded(steps: repo.Step[], written: Set<string>): repo.Step[] {
  return steps.filter((s) => !(s.item.Update && written.has(keyText(s.item.Update.Key as Key))));
}

export interface MergeResult {
  customer: Customer;
  mergedIds: string[];
  moved: Record<string, number>;
}

/** Merges the sources into the target; see the module comment. */
export async function mergeCustomers(auth: Auth, input: MergeInput): Promise<MergeResult> {
  const { tenantId } = auth;
  const [target, ...sources] = await load(auth, [input.targetId, ...input.sourceIds]);
  if (!target) throw new NotFound('customer');
  const settings = await getSettings(tenantId);
  const at = now().toISOString();
  const records = [target.record, ...sources.map((s) => s.record)];
  const next = await withClock(
    tenantId,
    mergedRecord(
      target.record,
      sources.map((s) => s.record),
      input.pick ?? {},
      at,
      writerOf(auth),
    ),
    target.record,
  );
  if (next.shares.length > MAX_SHARES)
    throw new Unprocessable(
      'too_many_shares',
      `Together the customers are shared with ${next.shares.length} users; a customer can be shared with at most ${MAX_SHARES}.`,
    );
  if ((next.openPlans ?? []).length > MAX_OPEN_PLANS)
    throw new Unprocessable(
      'too_many_open_plans',
      `Together the customers have ${next.openPlans?.length} open plans; a customer can have at most ${MAX_OPEN_PLANS}.`,
    );

  // mergedIds: the timeline (lib/lifecycle) carries the sources' entries over to the target.
  const entry = {
    ...historyEntry({
      id: ulid(),
      customerId: next.id,
      at,
      action: 'merge',
      actor: { id: auth.userId, name: auth.userName },
      from: null,
      to: null,
      note: `合并：${sources.map((s) => `${s.record.name}（${s.record.id}）`).join('、')}`,
    }),
    mergedIds: sources.map((s) => s.record.id),
  };
  const targetMeta = metaOf(target.items);
  const refs = await readRefs(
    tenantId,
    sources.flatMap((s) => s.items),
  );
  /** The merge's transaction, with every child, or (`deferring`) without the deferrable ones. */
  const transaction = (deferring: boolean) => {
    const ctx: Context = {
      tenantId,
      next,
      merged: new Set(records.map((c) => c.id)),
      related: new Set(
        target.items.filter((i) => kindOf(i) === 'relation').map((i) => repo.toRelation(i).relatedId),
      ),
      refs,
      primaryTaken: Boolean(targetMeta?.primaryContactId),
      primaryContactId: null,
    };
    const children = sources.map((s) =>
      planChildren(ctx, s.record.id, deferring ? s.items.filter((i) => !deferrable(i)) : s.items),
    );
    const written = new Set(children.flatMap((c) => [...c.written]));
    const moved: Record<string, number> = {};
    for (const c of children) for (const [k, n] of Object.entries(c.moved)) addTo(moved, k, n);
    const movedContacts = children.reduce((n, c) => n + c.contacts, 0);
    const steps = superseded(
      [
        ...repo.saveCustomerSteps(tenantId, next, target.record, {
          allowDuplicateNames: settings.allowDuplicateNames,
          merging: true,
        }),
        ...sources.flatMap((s) => repo.removeCustomerSteps(tenantId, s.record)),
        ...nameSteps(tenantId, next, records, settings.allowDuplicateNames),
        ...counterSteps(
          tenantId,
          sources.map((s) => s.record),
        ),
        // The target's relations to the sources end with them.
        ...target.items
          .filter((i) => kindOf(i) === 'relation' && ctx.merged.has(repo.toRelation(i).relatedId))
          .map((i) => repo.deleteStep(keyOf(i))),
        ...targetContactSteps(ctx, target, movedContacts),
        ...sources.map((s) => sourceMetaStep(tenantId, s)),
        ...children.flatMap((c) => c.steps),
        repo.historyStep(tenantId, entry),
        ...(deferring
          ? [repo.writeStep(sweepItem(tenantId, entry.id, next.id, sources, at), NEW_SWEEP)]
          : []),
      ],
      written,
    );
    return { steps, moved };
  };
  let planned = transaction(false);
  const deferring = planned.steps.length > MAX_MERGE_ITEMS;
  if (deferring) planned = transaction(true);
  if (planned.steps.length > MAX_MERGE_ITEMS)
    throw new Unprocessable(
      'merge_too_large',
      `This merge needs ${planned.steps.length} writes in one transaction, which takes at most ${MAX_MERGE_ITEMS}: merge fewer customers at once.`,
      { writes: planned.steps.length, limit: MAX_MERGE_ITEMS },
    );
  await repo.commit(planned.steps);
  const moved = planned.moved;
  // The merge is decided: a failure from here on leaves the rest to the merge-sweeps job.
  try {
    const sourceIds = sources.map((s) => s.record.id);
    for (const [k, n] of Object.entries(await sweep(tenantId, next, sourceIds))) addTo(moved, k, n);
    if (deferring) await repo.commit([repo.deleteStep(mergeSweepKey(tenantId, entry.id))]);
  } catch (error) {
    logger.warn('merge sweep failed; the rest stays with the merged sources', { error: error as Error });
  }
  return { customer: present(next), mergedIds: sources.map((s) => s.record.id), moved };
}

const addTo = (counts: Record<string, number>, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n;
};

const NEW_SWEEP = { expression: 'attribute_not_exists(pk)' };

/** The record of a merge whose deferred moves are still to be made (see the module comment). */
const sweepItem = (tenantId: string, mergeId: string, targetId: string, sources: Loaded[], at: string) => ({
  ...mergeSweepKey(tenantId, mergeId),
  type: 'mergeSweep',
  tenantId,
  mergeId,
  targetId,
  sourceIds: sources.map((s) => s.record.id),
  ...mergeSweepSchedule(tenantId, mergeId, at),
});

/**
 * Finishes a merge whose request died before its deferred moves were made (the `merge-sweeps`
 * job): moves what is left under its sources to the target, then deletes the item. A finished
 * merge has no item left, and then nothing happens.
 */
export async function finishMerge(tenantId: string, mergeId: string): Promise<void> {
  const pending = await repo.getMergeSweep(tenantId, mergeId);
  if (!pending) return;
  const target = await repo.getCustomer(tenantId, pending.targetId);
  if (target) await sweep(tenantId, target, pending.sourceIds);
  await repo.commit([repo.deleteStep(mergeSweepKey(tenantId, mergeId))]);
}

/**
 * Moves what is left under the merged sources to the target, 20 children per transaction: children
 * added to a source while the merge was in flight (those that do not change their customer: news,
 * relations, deals), and the deferred moves of a merge too big for one transaction. Answers how
 * many of each kind it moved.
 */
async function sweep(
  tenantId: string,
  target: CustomerRecord,
  sourceIds: string[],
): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  for (const sourceId of sourceIds) {
    const items = (await repo.getCollection(tenantId, sourceId, true)).filter((i) => kindOf(i) !== 'meta');
    if (items.length === 0) continue;
    const current = (await repo.getCustomer(tenantId, target.id)) ?? target;
    const related = await repo.getCollection(tenantId, target.id, true);
    const ctx: Context = {
      tenantId,
      next: current,
      merged: new Set([target.id, ...sourceIds]),
      related: new Set(
        related.filter((i) => kindOf(i) === 'relation').map((i) => repo.toRelation(i).relatedId),
      ),
      refs: await readRefs(tenantId, items),
      primaryTaken: true,
      primaryContactId: null,
    };
    for (let i = 0; i < items.length; i += SWEEP_CHUNK) {
      const planned = planChildren(ctx, sourceId, items.slice(i, i + SWEEP_CHUNK));
      if (planned.steps.length > 0) await repo.commit(planned.steps);
      for (const [k, n] of Object.entries(planned.moved)) addTo(moved, k, n);
    }
  }
  return moved;
}

/** Children per sweep transaction: a deferred child is at most 3 writes (delete, put, reference). */
const SWEEP_CHUNK = 20;

/** A request has this long to make its merge's deferred moves before the job takes them over. */
const SWEEP_GRACE_MS = 5 * 60_000;

/**
 * The `merge-sweeps` job: finishes every merge begun more than SWEEP_GRACE_MS ago whose moves are
 * still pending (a request that died half-way). Each is finished on its own; one that fails stays
 * for the next run. `tenantIds` narrows the run (tests).
 */
export async function runMergeSweeps(opts: { tenantIds?: string[] } = {}) {
  const before = new Date(now().getTime() - SWEEP_GRACE_MS).toISOString();
  const result = { finished: 0, failed: 0 };
  for await (const pending of repo.mergeSweepsDue(before)) {
    if (opts.tenantIds && !opts.tenantIds.includes(pending.tenantId)) continue;
    try {
      await finishMerge(pending.tenantId, pending.mergeId);
      result.finished += 1;
    } catch (error) {
      result.failed += 1;
      logger.error('merge sweep failed; the next run tries again', { error: error as Error, ...pending });
    }
  }
  return result;
}
