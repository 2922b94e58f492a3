import { createHash } from 'node:crypto';
import { presentContact, type StoredContact, toStored } from '../customers/contact-items.ts';
import { contactQuery } from '../customers/contact-terms.ts';
import { returnsAt } from '../customers/term-hits.ts';
import { encodeCursor } from '../db/cursor.ts';
import { contactLists, customerLists } from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, Forbidden } from '../http/errors.ts';
import * as repo from './repository.ts';
import { canSeeContact, inContactView, listedBeforeShared, seesCompany } from './rules.ts';
import type { Contact, ContactListQuery, ContactView } from './schemas.ts';

/**
 * The contact list (联系人查询): contacts of every customer the caller may see, read from the
 * ranges of one index that hold exactly them (mine, below me, the company), plus the customers
 * shared with the caller, whose contacts are read customer by customer. A page reads about what it
 * returns whatever the tenant's size.
 */

type Segment =
  | { kind: 'range'; name: string; pk: string; skPrefix?: string; accept: (c: StoredContact) => boolean }
  | { kind: 'shared'; skipListed: boolean };

/** Rounds of reading per request when a range's residue leaves a page short. */
const MAX_ROUNDS = 5;

const invalidCursor = () =>
  new BadRequest('The cursor is not valid for this list.', [
    { path: 'query.cursor', code: 'invalid_cursor', message: 'Use the nextCursor of the same list.' },
  ]);

interface Position {
  /** Which segment the next page starts in. */
  segment: number;
  /** That segment's own (tenant- and query-bound) cursor. */
  inner?: string | undefined;
  /** Shared segment: contacts of the current customer already returned. */
  offset: number;
}

const hashOf = (fingerprint: string) =>
  createHash('sha256').update(fingerprint).digest('base64url').slice(0, 12);

const seal = (fingerprint: string, p: Position) =>
  Buffer.from(
    JSON.stringify({ s: p.segment, c: p.inner ?? null, o: p.offset, f: hashOf(fingerprint) }),
  ).toString('base64url');

function unseal(cursor: string | undefined, fingerprint: string, segments: number): Position {
  if (!cursor) return { segment: 0, offset: 0 };
  let d: { s?: unknown; c?: unknown; o?: unknown; f?: unknown };
  try {
    d = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) ?? {};
  } catch {
    throw invalidCursor();
  }
  const valid =
    d.f === hashOf(fingerprint) &&
    typeof d.s === 'number' &&
    Number.isInteger(d.s) &&
    d.s >= 0 &&
    d.s < segments &&
    typeof d.o === 'number' &&
    Number.isInteger(d.o) &&
    d.o >= 0 &&
    (d.c === null || typeof d.c === 'string');
  if (!valid) throw invalidCursor();
  return { segment: d.s as number, inner: (d.c as string | null) ?? undefined, offset: d.o as number };
}

function segmentsOf(auth: Auth, view: ContactView): Segment[] {
  const t = auth.tenantId;
  const range = (
    name: string,
    list: { pk: string; skPrefix?: string },
    accept = (_: StoredContact) => true,
  ) => ({
    kind: 'range' as const,
    name,
    pk: list.pk,
    ...(list.skPrefix ? { skPrefix: list.skPrefix } : {}),
    accept,
  });
  const company = () => range('company', contactLists.company(t), (c) => canSeeContact(auth, c));
  switch (view) {
    case 'mine':
      return [range('mine', contactLists.mine(t, auth.rolePath, auth.userId))];
    case 'subordinates':
      return [range('below', contactLists.below(t, auth.rolePath))];
    case 'shared':
      return [{ kind: 'shared', skipListed: false }];
    case 'company':
      return [company()];
    case 'all':
      // The company range holds everything such a caller may see (private customers of others are residue).
      if (seesCompany(auth)) return [company()];
      return [
        range('mine', contactLists.mine(t, auth.rolePath, auth.userId)),
        range('below', contactLists.below(t, auth.rolePath)),
        { kind: 'shared', skipListed: true },
      ];
  }
}

async function readRange(
  auth: Auth,
  seg: Extract<Segment, { kind: 'range' }>,
  inner: string | undefined,
  limit: number,
  fingerprint: string,
) {
  const page = await queryPage<Record<string, unknown>>({
    tenantId: auth.tenantId,
    index: 'contactsByScope',
    pk: seg.pk,
    ...(seg.skPrefix ? { sk: { beginsWith: seg.skPrefix } } : {}),
    ascending: true,
    limit,
    cursor: inner,
    fingerprint,
  });
  const items = page.items.map(toStored).filter(seg.accept).map(presentContact);
  return { items, next: page.nextCursor ?? undefined };
}

const byName = (a: StoredContact, b: StoredContact) =>
  a.name.localeCompare(b.name, 'zh-Hans-CN') || (a.id < b.id ? -1 : 1);

/**
 * Contacts of the customers shared with the caller, customer by customer in the order of the
 * `shared` customer list. The position is the share item before the current customer plus how many
 * of its contacts were returned, so a customer with more contacts than a page spans pages.
 */
async function readShared(
  auth: Auth,
  seg: Extract<Segment, { kind: 'shared' }>,
  from: Position,
  limit: number,
  fingerprint: string,
): Promise<{ items: Contact[]; position: Omit<Position, 'segment'> | null }> {
  const list = customerLists.shared(auth.tenantId, auth.userId);
  let inner = from.inner;
  let offset = from.offset;
  const items: Contact[] = [];
  for (let round = 0; round < MAX_ROUNDS && items.length < limit; round++) {
    const page = await queryPage<Record<string, unknown>>({
      tenantId: auth.tenantId,
      index: list.index,
      pk: list.pk,
      ascending: list.ascending,
      // Customers have a few contacts each: reading one share item per two contacts wanted
      // wastes few reads, and another round fetches more when they have fewer.
      limit: Math.max(1, Math.ceil((limit - items.length) / 2)),
      cursor: inner,
      fingerprint,
    });
    for (const share of page.items) {
      const contacts = (await repo.customerContacts(auth.tenantId, share.customerId as string))
        .filter((c) => canSeeContact(auth, c) && c.sharedWith.includes(auth.userId))
        .filter((c) => !(seg.skipListed && listedBeforeShared(auth, c)))
        .sort(byName);
      const rest = contacts.slice(offset);
      const room = limit - items.length;
      if (rest.length > room) {
        items.push(...rest.slice(0, room).map((c) => presentContact(c)));
        return { items, position: { inner, offset: offset + room } };
      }
      items.push(...rest.map((c) => presentContact(c)));
      offset = 0;
      // The share item's own key, as the Query's LastEvaluatedKey would be: the next read starts after it.
      const key = {
        pk: share.pk,
        sk: share.sk,
        sharedWithPk: share.sharedWithPk,
        sharedWithSk: share.sharedWithSk,
      };
      inner = encodeCursor(key, auth.tenantId, fingerprint) ?? undefined;
    }
    if (!page.nextCursor) return { items, position: null };
  }
  return { items, position: { inner, offset } };
}

/** One page of the contact list; with `q=` the page comes from the search terms instead. */
export async function listContacts(auth: Auth, query: ContactListQuery): Promise<Page<Contact>> {
  if (query.view === 'company' && !seesCompany(auth))
    throw new Forbidden('The company view needs the permission "customers.viewAll".', 'missing_permission');
  const fingerprint = `contacts|${auth.tenantId}|${auth.userId}|${query.view}|${query.q ?? ''}`;
  if (query.q) return search(auth, query, fingerprint);

  const segments = segmentsOf(auth, query.view);
  const position = unseal(query.cursor, fingerprint, segments.length);
  const items: Contact[] = [];
  let rounds = 0;
  while (position.segment < segments.length && items.length < query.limit && rounds < MAX_ROUNDS) {
    rounds += 1;
    const seg = segments[position.segment] as Segment;
    const segFingerprint = `${fingerprint}|${position.segment}`;
    if (seg.kind === 'range') {
      const page = await readRange(auth, seg, position.inner, query.limit - items.length, segFingerprint);
      items.push(...page.items);
      if (page.next) position.inner = page.next;
      else Object.assign(position, { segment: position.segment + 1, inner: undefined, offset: 0 });
    } else {
      const read = await readShared(auth, seg, position, query.limit - items.length, segFingerprint);
      items.push(...read.items);
      if (read.position)
        Object.assign(position, { inner: read.position.inner, offset: read.position.offset });
      else Object.assign(position, { segment: position.segment + 1, inner: undefined, offset: 0 });
    }
  }
  const done = position.segment >= segments.length;
  return { items, nextCursor: done ? null : seal(fingerprint, position) };
}

/**
 * `q=`: a name, pinyin or initials prefix, or an exact phone, from the contacts' search terms (one
 * Query on the term's partition); each hit is loaded and must be visible in the view. A contact
 * found by several terms is returned once, at its first matching term.
 */
async function search(auth: Auth, query: ContactListQuery, fingerprint: string): Promise<Page<Contact>> {
  const wanted = contactQuery(query.q as string);
  if (!wanted)
    throw new BadRequest('The search needs letters or digits.', [
      { path: 'query.q', code: 'invalid_query', message: 'Type part of a name, its pinyin or a phone' },
    ]);
  const matches = (term: string) => (wanted.exact ? term === wanted.prefix : term.startsWith(wanted.prefix));
  const items: Contact[] = [];
  let cursor = query.cursor;
  for (let round = 0; round < MAX_ROUNDS && items.length < query.limit; round++) {
    const page = await repo.searchContacts(auth.tenantId, wanted, {
      limit: query.limit - items.length,
      cursor,
      fingerprint,
    });
    const contacts = await repo.getContacts(auth.tenantId, page.items);
    for (const hit of page.items) {
      const c = contacts.get(hit.contactId);
      if (!c) continue;
      if (!returnsAt(hit, c.searchTerms ?? [], matches)) continue;
      if (!inContactView(auth, query.view, c)) continue;
      items.push(presentContact(c));
    }
    cursor = page.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { items, nextCursor: cursor ?? null };
}
