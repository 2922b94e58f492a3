import { createHash } from 'node:crypto';
import { now } from '../clock.ts';
import {
  customerLists,
  type IndexName,
  reclaimLists,
  SEARCH_STATES,
  type SearchState,
  taggedList,
  tieredList,
} from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import { type Auth, can } from '../http/auth.ts';
import { BadRequest, Forbidden, NotFound } from '../http/errors.ts';
import { getUser } from '../org/repository.ts';
import { isAbove } from '../org/rules.ts';
import { listsPool } from '../ownership/access.ts';
import { normalizePhone } from '../phone.ts';
import type { Tier } from '../tiers.ts';
import { asTerm, coreName, normalizeName, searchQuery } from './names.ts';
import * as repo from './repository.ts';
import {
  type CustomerRecord,
  canSee,
  inView,
  type ListFilters,
  matchesFilters,
  presentTo,
  seesWholeBin,
} from './rules.ts';
import {
  type Customer,
  type CustomerListQuery,
  type CustomerView,
  DICTIONARY_FIELDS,
  type DictionaryField,
} from './schemas.ts';
import { DEFAULT_POOL_ID } from './service.ts';
import { returnsAt } from './term-hits.ts';

/**
 * The list views (我的客户, 热点客户, 共享客户, 下属客户, 公司客户, 公海, 回收站). Each is one or two
 * Queries on a sparse index that holds exactly the view's customers, so a page reads about what it
 * returns whatever the tenant's size. `tag=` queries the tag's partition of the same index, which
 * holds the customers' tag copies (lib/db/keys.ts customerTagKeys): the view narrowed to the tag, in
 * the view's order. Dictionary filters are residue on top, and so is `tag=` on the shared view (a
 * share item per tag would cost MAX_SHARES x MAX_TAGS items per save).
 */

interface Segment {
  index: IndexName;
  pk: string;
  skPrefix?: string;
  /** Sort keys up to this one (a moving bound like "now": not part of the cursor's fingerprint). */
  upTo?: string;
  ascending: boolean;
  /** Share items carry the customer under `customer`; customer items are the customer. */
  nested: boolean;
}

/** Rounds of reading per request when residue filters leave a page short. */
const MAX_ROUNDS = 5;

const invalidCursor = () =>
  new BadRequest('The cursor is not valid for this list.', [
    { path: 'query.cursor', code: 'invalid_cursor', message: 'Use the nextCursor of the same list.' },
  ]);

/**
 * A list may run over two segments (own bin, then the subordinates' bins): the cursor names the
 * segment and carries that Query's own (tenant- and query-bound) cursor.
 */
const seal = (fingerprint: string, segment: number, inner: string | null) => {
  const f = createHash('sha256').update(fingerprint).digest('base64url').slice(0, 12);
  return Buffer.from(JSON.stringify({ s: segment, c: inner, f })).toString('base64url');
};

function unseal(cursor: string | undefined, fingerprint: string, segments: number) {
  if (!cursor) return { segment: 0, inner: undefined };
  let decoded: { s?: unknown; c?: unknown; f?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const f = createHash('sha256').update(fingerprint).digest('base64url').slice(0, 12);
  const { s, c } = decoded ?? {};
  if (decoded?.f !== f || typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= segments)
    throw invalidCursor();
  if (c !== null && typeof c !== 'string') throw invalidCursor();
  return { segment: s, inner: c ?? undefined };
}

const shown = (auth: Auth, c: CustomerRecord, accept: (c: CustomerRecord) => boolean) =>
  accept(c) ? presentTo(auth, c) : undefined;

async function readSegments(
  auth: Auth,
  segments: Segment[],
  query: { limit: number; cursor?: string | undefined },
  fingerprint: string,
  filters: ListFilters,
  accept: (c: CustomerRecord) => boolean,
): Promise<Page<Customer>> {
  let { segment, inner } = unseal(query.cursor, fingerprint, segments.length);
  const items: Customer[] = [];
  for (
    let round = 0;
    round < MAX_ROUNDS && segment < segments.length && items.length < query.limit;
    round++
  ) {
    const seg = segments[segment] as Segment;
    const page = await queryPage<Record<string, unknown>>({
      tenantId: auth.tenantId,
      index: seg.index,
      pk: seg.pk,
      ...(seg.skPrefix ? { sk: { beginsWith: seg.skPrefix } } : seg.upTo ? { sk: { lte: seg.upTo } } : {}),
      ascending: seg.ascending,
      limit: query.limit - items.length,
      cursor: inner,
      fingerprint: `${fingerprint}|${segment}|${seg.index}|${seg.pk}|${seg.skPrefix ?? ''}`,
    });
    for (const item of page.items) {
      const c = seg.nested ? (item.customer as Customer) : shown(auth, repo.toRecord(item), accept);
      // Residue filters apply here, not as a FilterExpression: the customer indexes project the
      // packed record only (lib/db/keys/table.ts CUSTOMER_VIEW). A page reads the same items either way.
      if (c && matchesFilters(c, filters)) items.push(c);
    }
    if (page.nextCursor) inner = page.nextCursor;
    else {
      segment += 1;
      inner = undefined;
    }
  }
  const done = segment >= segments.length;
  return { items, nextCursor: done ? null : seal(fingerprint, segment, inner ?? null) };
}

const seg = (
  list: { index: IndexName; pk: string; skPrefix?: string; ascending: boolean },
  nested = false,
): Segment => ({ ...list, nested });

/** An owner a view is narrowed to; their role path once read (the subordinates view finds them by it). */
interface Owner {
  id: string;
  rolePath?: string;
}

/** The owner a manager narrows a view to: themselves or someone below them (or anyone, for the bin). */
async function scopedOwner(auth: Auth, view: CustomerView, ownerId: string): Promise<Owner> {
  if (view !== 'subordinates' && view !== 'recycle')
    throw new BadRequest('ownerId narrows only the subordinates and recycle views.', [
      {
        path: 'query.ownerId',
        code: 'not_applicable',
        message: 'Use it with view=subordinates or view=recycle',
      },
    ]);
  if (view === 'recycle' && (ownerId === auth.userId || seesWholeBin(auth))) return { id: ownerId };
  const owner = await getUser(auth.tenantId, ownerId);
  if (!owner || !isAbove(auth.rolePath, owner.rolePath)) throw new NotFound('user');
  return { id: owner.id, rolePath: owner.rolePath };
}

function segmentsOf(
  auth: Auth,
  view: CustomerView,
  owner: Owner | undefined,
  poolId: string,
  filters: ListFilters,
): Segment[] {
  const segments = viewSegments(auth, view, owner, poolId);
  if (view === 'shared') return segments;
  // A tier partition holds the tier's customers (lib/lifecycle's tier copies); a tag is residue on it.
  if (filters.tier) return segments.map((s) => tieredList(s, filters.tier as Tier));
  if (filters.tag) return segments.map((s) => taggedList(s, filters.tag as string));
  return segments;
}

/** What a view's partitions do not narrow by themselves: filtered as residue. */
function residueOf(view: CustomerView, filters: ListFilters): ListFilters {
  if (view === 'shared') return filters;
  const { tag, tier, ...dictionary } = filters;
  return tier ? { ...dictionary, tag } : dictionary;
}

function viewSegments(auth: Auth, view: CustomerView, owner: Owner | undefined, poolId: string): Segment[] {
  const t = auth.tenantId;
  switch (view) {
    case 'mine':
      return [seg(customerLists.mine(t, auth.rolePath, auth.userId))];
    case 'hot':
      return [seg(customerLists.hot(t, auth.userId))];
    case 'shared':
      return [seg(customerLists.shared(t, auth.userId), true)];
    case 'subordinates':
      return [
        seg(
          owner?.rolePath
            ? customerLists.mine(t, owner.rolePath, owner.id)
            : customerLists.below(t, auth.rolePath),
        ),
      ];
    case 'company':
      return [seg(customerLists.company(t))];
    case 'pool':
      return [seg(customerLists.pool(t, poolId))];
    case 'reclaim-soon': {
      const { sk, ...list } = reclaimLists.soon(t, auth.userId, now().toISOString());
      return [{ ...list, upTo: sk.lte, nested: false }];
    }
    case 'recycle':
      if (owner) return [seg(customerLists.ownBin(t, owner.id))];
      if (seesWholeBin(auth)) return [seg(customerLists.bin(t))];
      return [seg(customerLists.ownBin(t, auth.userId)), seg(customerLists.binBelow(t, auth.rolePath))];
  }
}

const filtersOf = (query: CustomerListQuery): ListFilters => {
  const filters: ListFilters = {};
  for (const field of Object.keys(DICTIONARY_FIELDS) as DictionaryField[]) {
    if (query[field]) filters[field] = query[field];
  }
  if (query.tag) filters.tag = query.tag;
  if (query.tier) filters.tier = query.tier;
  return filters;
};

/**
 * One page of a list view, newest update first (the bin: newest deletion first; subordinates:
 * grouped by owner role path and owner, newest first within an owner, because one index cannot
 * order "everyone below me" by time without a copy per superior). With `q=` the page comes from
 * the search terms instead, in term order, each hit checked against the view and the data scope.
 */
export async function listCustomers(auth: Auth, query: CustomerListQuery): Promise<Page<Customer>> {
  const { view, ownerId } = query;
  const poolId = query.poolId ?? DEFAULT_POOL_ID;
  if (query.poolId && view !== 'pool')
    throw new BadRequest('poolId applies to the pool view only.', [
      { path: 'query.poolId', code: 'not_applicable', message: 'Use it with view=pool' },
    ]);
  if (view === 'company' && !can(auth, 'customers.viewAll'))
    throw new Forbidden('The company view needs the permission "customers.viewAll".', 'missing_permission');
  const owner = ownerId ? await scopedOwner(auth, view, ownerId) : undefined;
  // Only the pools the caller is a member of (seed 002: 共享给...查看并认领); others are not found.
  if (view === 'pool' && !(await listsPool(auth, poolId))) throw new NotFound('pool');
  const filters = filtersOf(query);
  const fingerprint = `customers|${auth.tenantId}|${view}|${auth.userId}|${ownerId ?? ''}|${poolId}|${JSON.stringify(filters)}`;
  if (query.q) return search(auth, query, poolId, filters, `${fingerprint}|q=${query.q}`);

  const segments = segmentsOf(auth, view, owner, poolId, filters);
  // A tagged or tiered partition holds only customers with the tag or tier: no filter left for it.
  const residue = residueOf(view, filters);
  // The indexes hold exactly the view; the scope check only drops what `company` must not show
  // (private customers of others) and guards the rest. Tag copies carry the packed record, so they
  // are checked like the customer item; share items are the caller's own.
  return readSegments(auth, segments, query, fingerprint, residue, (c) => canSee(auth, c));
}

/** The state whose search terms a view's `q=` reads. */
const SEARCHED_STATE: Record<CustomerView, SearchState> = {
  mine: 'active',
  hot: 'active',
  shared: 'active',
  subordinates: 'active',
  company: 'active',
  'reclaim-soon': 'active',
  pool: 'pool',
  recycle: 'recycled',
};

/**
 * `q=`: name prefix (normalised), pinyin and initials prefix, or exact phone, from the search
 * terms of the view's state; every hit must pass the view, the scope and the filters. A customer
 * found by several terms is returned once, at its first matching term (terms are read in order).
 */
async function search(
  auth: Auth,
  query: CustomerListQuery,
  poolId: string,
  filters: ListFilters,
  fingerprint: string,
): Promise<Page<Customer>> {
  const wanted = searchQuery(query.q as string);
  if (!wanted)
    throw new BadRequest('The search needs letters or digits.', [
      { path: 'query.q', code: 'invalid_query', message: 'Type part of a name, its pinyin or a phone' },
    ]);
  const matches = (term: string) => (wanted.exact ? term === wanted.prefix : term.startsWith(wanted.prefix));
  const state = SEARCHED_STATE[query.view];
  const items: Customer[] = [];
  let cursor = query.cursor;
  for (let round = 0; round < MAX_ROUNDS && items.length < query.limit; round++) {
    const page = await repo.searchPage(auth.tenantId, state, wanted.prefix, wanted.exact, {
      limit: query.limit - items.length,
      cursor,
      fingerprint,
    });
    // A hit on a name carries its customer; the others are read.
    const records = await repo.getCustomers(
      auth.tenantId,
      page.items.filter((h) => !h.customer).map((h) => h.customerId),
    );
    for (const hit of page.items) if (hit.customer) records.set(hit.customerId, hit.customer);
    for (const hit of page.items) {
      const c = records.get(hit.customerId);
      if (!c) continue;
      if (!returnsAt(hit, c.searchTerms, matches)) continue;
      if (!inView(auth, query.view, c, { ownerId: query.ownerId, poolId })) continue;
      if (!matchesFilters(c, filters)) continue;
      items.push(presentTo(auth, c));
    }
    cursor = page.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { items, nextCursor: cursor ?? null };
}

// ---- duplicates --------------------------------------------------------------------------------

const MAX_CANDIDATES = 30;
/** Shorter names than this are not looked up as "an existing name the new one starts with". */
const MIN_PREFIX = 2;
const MAX_PREFIX_LOOKUPS = 10;

/** The proper prefixes of a name, longest first: an existing 阿里巴巴 is a duplicate of 阿里巴巴网络技术. */
const properPrefixes = (name: string) => {
  const chars = [...name];
  const out: string[] = [];
  for (let n = chars.length - 1; n >= MIN_PREFIX && out.length < MAX_PREFIX_LOOKUPS; n--) {
    out.push(chars.slice(0, n).join(''));
  }
  return out;
};

/**
 * Candidates for "is this customer already here?" (seed 002 客户查重) across the whole tenant:
 * names that start with the normalised name or its core (place names dropped), names the new one
 * starts with, and the exact phone. Candidates the caller may not see come with their name and
 * owner only, never their id.
 */
export async function findDuplicates(
  auth: Auth,
  query: { name?: string | undefined; phone?: string | undefined },
) {
  const lookups: Array<{ prefix: string; exact: boolean; limit: number; by: 'name' | 'phone' }> = [];
  if (query.name !== undefined) {
    const normalized = normalizeName(query.name);
    if (!normalized)
      throw new BadRequest('The name needs letters or digits.', [
        { path: 'query.name', code: 'invalid_name', message: 'A name needs letters or digits' },
      ]);
    for (const name of new Set([asTerm(normalized), asTerm(coreName(normalized))])) {
      lookups.push({ prefix: name, exact: false, limit: MAX_CANDIDATES, by: 'name' });
      for (const prefix of properPrefixes(name)) lookups.push({ prefix, exact: true, limit: 5, by: 'name' });
    }
  }
  if (query.phone !== undefined) {
    const phone = normalizePhone(query.phone);
    if (!phone)
      throw new BadRequest('The phone number is not valid.', [
        { path: 'query.phone', code: 'invalid_phone', message: 'Not a valid phone number' },
      ]);
    lookups.push({ prefix: phone, exact: true, limit: MAX_CANDIDATES, by: 'phone' });
  }
  // Across the whole tenant: active customers, every pool and the recycle bin.
  const searches = lookups.flatMap((l) => SEARCH_STATES.map((state) => ({ ...l, state })));
  const pages = await Promise.all(
    searches.map((l) =>
      repo.searchPage(auth.tenantId, l.state, l.prefix, l.exact, {
        limit: l.limit,
        fingerprint: 'duplicates',
      }),
    ),
  );
  const matched = new Map<string, Set<'name' | 'phone'>>();
  const copies = new Map<string, CustomerRecord>();
  pages.forEach((page, i) => {
    const by = searches[i]?.by as 'name' | 'phone';
    for (const hit of page.items) {
      if (hit.customer) copies.set(hit.customerId, hit.customer);
      const relevant =
        by === 'phone' ? hit.kinds.includes('phone') : hit.kinds.some((k) => k === 'name' || k === 'core');
      if (!relevant) continue;
      if (!matched.has(hit.customerId) && matched.size >= MAX_CANDIDATES) continue;
      matched.set(hit.customerId, (matched.get(hit.customerId) ?? new Set()).add(by));
    }
  });
  const records = await repo.getCustomers(
    auth.tenantId,
    [...matched.keys()].filter((id) => !copies.has(id)),
  );
  for (const [id, c] of copies) records.set(id, c);
  const items = [...matched.entries()].flatMap(([id, by]) => {
    const c = records.get(id);
    if (!c) return [];
    const matchedBy = [...by].sort();
    return canSee(auth, c)
      ? [{ id: c.id, name: c.name, ownerName: c.ownerName, state: c.state, matchedBy }]
      : [{ name: c.name, ownerName: c.ownerName, matchedBy }];
  });
  items.sort((a, b) => b.matchedBy.length - a.matchedBy.length || a.name.localeCompare(b.name, 'zh-Hans-CN'));
  return { items };
}
