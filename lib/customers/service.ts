import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { type CustomerChildKind, customerChildKind } from '../db/keys.ts';
import { type CoordSystem, type Point, toWgs84 } from '../geo.ts';
import type { Auth } from '../http/auth.ts';
import {
  BadRequest,
  Conflict,
  type FieldError,
  Forbidden,
  NotFound,
  PreconditionFailed,
  Unprocessable,
} from '../http/errors.ts';
import { getUser } from '../org/repository.ts';
import type { User } from '../org/schemas.ts';
import { seesPoolCustomer } from '../ownership/access.ts';
import { loadReclaimRules, withClock, withReclaim } from '../ownership/reclaim.ts';
import { DEFAULT_POOL_ID, type PoolRules } from '../ownership/rules.ts';
import { normalizePhone } from '../phone.ts';
import { validateCustomFields } from '../settings/custom-fields.ts';
import { assertDictionaryItems } from '../settings/dictionaries.ts';
import { getSettings, type StoredSettings } from '../settings/repository.ts';
import { contactItem, contactScopeOf, newContactRecord, presentContact } from './contact-items.ts';
import { DICTIONARY_FIELDS, type DictionaryField, MAX_SHARES } from './limits.ts';
import { normalizeName, searchTerms } from './names.ts';
import * as repo from './repository.ts';
import {
  type CustomerRecord,
  canEdit,
  canHandleRecycled,
  canManage,
  canSee,
  historyEntry,
  intoPool,
  newCustomer,
  type OwnerAction,
  present,
  presentTo,
  reverseRelation,
  touched,
  writerOf,
} from './rules.ts';
import type {
  Contact,
  CreateCustomerInput,
  Customer,
  News,
  Relation,
  RelationType,
  UpdateCustomerInput,
} from './schemas.ts';

/** The pool every tenant starts with (lib/pool); the pool context adds others. */
export { DEFAULT_POOL_ID };

const actorOf = (auth: Auth) => ({ id: auth.userId, name: auth.userName });

// ---- data scope (exported for contacts, follow-ups, pipeline) ----------------------------------

/**
 * The customer if the caller may see it; 404 otherwise, exactly as if it did not exist. A pool
 * customer is seen by the members of its pool only.
 */
export async function loadVisibleCustomer(auth: Auth, id: string): Promise<CustomerRecord> {
  const c = await repo.getCustomer(auth.tenantId, id);
  if (!c || !canSee(auth, c)) throw new NotFound('customer');
  if (c.state === 'pool' && !(await seesPoolCustomer(auth, c.poolId))) throw new NotFound('customer');
  return c;
}

/** A lock ends when its customer leaves the owner: their lock counter drops with the owned one. */
const locksOf = (c: CustomerRecord) => (c.state === 'active' && c.locked ? 1 : 0);

function refuseInactive(c: CustomerRecord): void {
  if (c.state === 'recycled')
    throw new Conflict('customer_recycled', 'The customer is in the recycle bin; restore it first.');
  if (c.state === 'pool')
    throw new Conflict('customer_in_pool', 'The customer is in the public pool; claim it first.');
}

/** The customer if the caller may change its data (owner, superiors, shared users, admins). */
export async function loadEditableCustomer(auth: Auth, id: string): Promise<CustomerRecord> {
  const c = await loadVisibleCustomer(auth, id);
  if (canEdit(auth, c)) return c;
  refuseInactive(c);
  throw new Forbidden('You may view this customer but not change it.', 'not_editable');
}

/** The customer if the caller may delete, transfer, share or flag it (owner, superiors, admins). */
export async function loadManageableCustomer(auth: Auth, id: string): Promise<CustomerRecord> {
  const c = await loadVisibleCustomer(auth, id);
  if (canManage(auth, c)) return c;
  refuseInactive(c);
  throw new Forbidden(
    "Only the customer's owner, their superiors or an administrator may do this.",
    'not_owner',
  );
}

export async function loadRecycled(auth: Auth, id: string): Promise<CustomerRecord> {
  const c = await loadVisibleCustomer(auth, id);
  if (c.state !== 'recycled')
    throw new Conflict('not_in_recycle_bin', 'The customer is not in the recycle bin.');
  if (!canHandleRecycled(auth, c)) throw new Conflict('purge_in_progress', 'The customer is being purged.');
  return c;
}

/** Changes made without If-Match re-read and re-apply when another write got there first. */
const retrying = <T>(fn: () => Promise<T>): Promise<T> => repo.rereading(fn);

// ---- input normalisation -----------------------------------------------------------------------

function phoneAt(raw: string, path: string, errors: FieldError[]): string | null {
  const phone = normalizePhone(raw);
  if (!phone) errors.push({ path, code: 'invalid_phone', message: 'Not a valid phone number' });
  return phone;
}

function nameKeyAt(name: string, errors: FieldError[]): string {
  const key = normalizeName(name);
  if (!key)
    errors.push({ path: 'body.name', code: 'invalid_name', message: 'A name needs letters or digits' });
  return key;
}

function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new BadRequest('Some fields are invalid.', errors);
}

const dictionaryRefs = (input: Partial<Record<DictionaryField, string | null | undefined>>) =>
  Object.entries(DICTIONARY_FIELDS)
    .filter(([field]) => typeof input[field as DictionaryField] === 'string')
    .map(([field, kind]) => ({ path: `body.${field}`, kind, id: input[field as DictionaryField] as string }));

function refusePrivate(settings: { privateCustomersEnabled: boolean }): void {
  if (!settings.privateCustomersEnabled)
    throw new Unprocessable(
      'private_customers_disabled',
      'Private customers are turned off in the settings.',
    );
}

const PLAIN_FIELDS = ['email', 'website', 'address', 'birthday', 'note'] as const;

/** A location as stored: WGS-84, converted from GCJ-02 when the client says so (lib/geo.ts). */
const locationOf = (p: Point | null | undefined, system: CoordSystem | undefined) =>
  p ? toWgs84(p, system) : undefined;

// ---- create, read, update ----------------------------------------------------------------------

/**
 * A new customer owned by the caller (seed 000 §一: 默认录入者是客户的专管销售员), with its initial
 * contacts, its name guard (409 duplicate_name where names must be unique) and the owner's quota
 * counter (409 quota_exceeded) held before it, and a `create` history entry after it.
 */
export async function createCustomer(
  auth: Auth,
  input: CreateCustomerInput,
  opts: {
    /**
     * Steps of another context that belong to the same transaction (a lead converting into this
     * customer). They run first, so when one of them fails, its error is the one reported.
     */
    before?: (customer: Customer, contacts: Contact[]) => repo.Step[];
  } = {},
): Promise<{ customer: Customer; contacts: Contact[] }> {
  const errors: FieldError[] = [];
  const nameKey = nameKeyAt(input.name, errors);
  const phone = input.phone ? phoneAt(input.phone, 'body.phone', errors) : null;
  const contactsIn = input.contacts ?? [];
  const contactPhones = contactsIn.map((c, i) => ({
    mobile: c.mobile ? phoneAt(c.mobile, `body.contacts.${i}.mobile`, errors) : null,
    phone: c.phone ? phoneAt(c.phone, `body.contacts.${i}.phone`, errors) : null,
  }));
  if (contactsIn.filter((c) => c.primary).length > 1)
    errors.push({
      path: 'body.contacts',
      code: 'one_primary',
      message: 'At most one contact can be primary',
    });
  throwIfAny(errors);

  const [settings, reclaimRules] = await Promise.all([
    getSettings(auth.tenantId),
    loadReclaimRules(auth.tenantId),
  ]);
  if (input.private) refusePrivate(settings);
  const [, customFields] = await Promise.all([
    assertDictionaryItems(auth.tenantId, dictionaryRefs(input)),
    validateCustomFields(auth.tenantId, 'customer', input.customFields, { partial: false }),
  ]);

  const plan = newCustomerPlan(
    auth,
    { input, nameKey, phone, contactPhones, customFields },
    { settings, reclaimRules, id: ulid(), at: now().toISOString() },
  );
  await repo.commit([
    ...(opts.before?.(plan.customer, plan.contacts) ?? []),
    ...plan.steps,
    ...repo.ownershipChange(auth.tenantId, null, auth.userId, settings.maxCustomersPerRep),
  ]);
  return { customer: plan.customer, contacts: plan.contacts };
}

/** A new customer's input once checked the way POST /v1/customers checks it (the import checks the same). */
export interface CheckedCustomer {
  input: CreateCustomerInput;
  nameKey: string;
  phone: string | null;
  contactPhones: Array<{ mobile: string | null; phone: string | null }>;
  /** As validateCustomFields returned them. */
  customFields: Record<string, unknown>;
}

/**
 * The record, contacts and steps of a new customer (create, import): owned by the caller or, with
 * `poolId`, a customer of that pool. The steps write the customer with its name guard and search
 * terms, its history entry and its contacts; the owner's quota counter is left to the caller
 * (`ownershipChange`), as an import counts a whole group of new customers in one step.
 */
export function newCustomerPlan(
  auth: Auth,
  checked: CheckedCustomer,
  ctx: {
    settings: StoredSettings;
    reclaimRules: PoolRules;
    id: string;
    at: string;
    poolId?: string;
    action?: OwnerAction | (string & {});
  },
): { record: CustomerRecord; customer: Customer; contacts: Contact[]; steps: repo.Step[] } {
  const { input, nameKey, phone, contactPhones, customFields } = checked;
  const { id, at } = ctx;
  const created = newCustomer({
    id,
    name: input.name,
    phone,
    nameKey,
    searchTerms: searchTerms(input.name, phone),
    owner: { id: auth.userId, name: auth.userName, rolePath: auth.rolePath },
    createdBy: auth.userId,
    at,
    fields: { ...input, customFields, location: locationOf(input.location, input.coordSystem) },
  });
  // Straight into a pool (导入为公海客户): never owned, so no former owner and no quota.
  const record: CustomerRecord = ctx.poolId
    ? { ...intoPool(created, ctx.poolId, at), version: 1, previousOwnerId: null }
    : withReclaim(created, ctx.reclaimRules);
  const contactsIn = input.contacts ?? [];
  const anyPrimary = contactsIn.some((c) => c.primary);
  const contactRecords = contactsIn.map((c, i) =>
    newContactRecord({
      id: ulid(),
      customerId: id,
      fields: {
        name: c.name,
        title: c.title ?? null,
        mobile: contactPhones[i]?.mobile ?? null,
        phone: contactPhones[i]?.phone ?? null,
        email: c.email ?? null,
        birthday: c.birthday ?? null,
        notes: c.notes ?? null,
      },
      primary: anyPrimary ? c.primary === true : i === 0,
      at,
      by: auth.userId,
    }),
  );
  const contacts: Contact[] = contactRecords.map((c) =>
    presentContact(contactItem(auth.tenantId, c, contactScopeOf(record))),
  );
  const entry = historyEntry({
    id: ulid(),
    customerId: id,
    at,
    action: ctx.action ?? 'create',
    actor: actorOf(auth),
    from: null,
    to: ctx.poolId ? null : actorOf(auth),
    poolId: ctx.poolId ?? null,
  });
  return {
    record,
    customer: present(record),
    contacts,
    steps: [
      ...repo.saveCustomerSteps(auth.tenantId, record, null, ctx.settings),
      repo.historyStep(auth.tenantId, entry),
      ...repo.newContactsSteps(auth.tenantId, record, contactRecords),
    ],
  };
}

function history(
  tenantId: string,
  c: CustomerRecord,
  action: OwnerAction,
  actor: { id: string; name: string } | null,
  from: { id: string; name: string | null } | null,
  to: { id: string; name: string | null } | null,
  at: string,
  extra: { poolId?: string | null; reasonId?: string | null; note?: string | null } = {},
): repo.Step {
  return repo.historyStep(
    tenantId,
    historyEntry({ id: ulid(), customerId: c.id, at, action, actor, from, to, ...extra }),
  );
}

const ownerOf = (c: CustomerRecord) => (c.ownerId ? { id: c.ownerId, name: c.ownerName } : null);

export async function getCustomer(auth: Auth, id: string): Promise<Customer> {
  return presentTo(auth, await loadVisibleCustomer(auth, id));
}

/** Edits at the version the client read (If-Match): 412 when someone else changed it since. */
export async function updateCustomer(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdateCustomerInput,
): Promise<Customer> {
  const current = await loadEditableCustomer(auth, id);
  if (current.version !== expected) throw new PreconditionFailed();

  const errors: FieldError[] = [];
  const nameKey = patch.name !== undefined ? nameKeyAt(patch.name, errors) : current.nameKey;
  const phone =
    patch.phone === undefined
      ? current.phone
      : patch.phone === null
        ? null
        : phoneAt(patch.phone, 'body.phone', errors);
  throwIfAny(errors);

  const settings = await getSettings(auth.tenantId);
  if (patch.private === true && !current.private) refusePrivate(settings);
  const [, customFields] = await Promise.all([
    assertDictionaryItems(auth.tenantId, dictionaryRefs(patch)),
    validateCustomFields(auth.tenantId, 'customer', patch.customFields, { partial: true }),
  ]);
  const mergedFields = { ...current.customFields, ...customFields };
  for (const [key, value] of Object.entries(mergedFields)) if (value === null) delete mergedFields[key];

  const changes: Partial<CustomerRecord> = {};
  for (const field of [...PLAIN_FIELDS, ...(Object.keys(DICTIONARY_FIELDS) as DictionaryField[])]) {
    if (patch[field] !== undefined) Object.assign(changes, { [field]: patch[field] });
  }
  if (patch.location !== undefined) changes.location = locationOf(patch.location, patch.coordSystem) ?? null;
  const name = patch.name ?? current.name;
  const edited = touched(
    current,
    now().toISOString(),
    {
      ...changes,
      name,
      phone,
      nameKey,
      // Only a new name or phone computes terms (pinyin); other edits keep the stored ones.
      searchTerms:
        name === current.name && phone === current.phone && current.searchTerms
          ? current.searchTerms
          : searchTerms(name, phone),
      tags: patch.tags ?? current.tags,
      private: patch.private ?? current.private,
      customFields: mergedFields,
    },
    writerOf(auth),
  );
  // The level may carry its own reclaim days (pool rules byLevel).
  const next = await withClock(auth.tenantId, edited, current);
  await repo.commit(repo.saveCustomerSteps(auth.tenantId, next, current, settings));
  return present(next);
}

// ---- recycle bin -------------------------------------------------------------------------------

/** To the recycle bin: no longer owned (the quota counter drops), hidden from every list but the bin. */
export async function deleteCustomer(auth: Auth, id: string): Promise<void> {
  await retrying(async () => {
    const c = await loadManageableCustomer(auth, id);
    const at = now().toISOString();
    const next = touched(
      c,
      at,
      {
        state: 'recycled',
        deletedAt: at,
        deletedBy: auth.userId,
        locked: false,
        reclaimAt: null,
        reclaimWarnAt: null,
        reclaimPoolId: null,
      },
      writerOf(auth),
    );
    await repo.commit([
      ...repo.saveCustomerSteps(auth.tenantId, next, c, {}),
      ...repo.ownershipChange(auth.tenantId, c.ownerId, null, null, 1, locksOf(c)),
      history(auth.tenantId, c, 'delete', actorOf(auth), ownerOf(c), null, at),
    ]);
  });
}

/** Back from the bin to its owner (or to the caller when the owner is gone), within the owner's quota. */
export async function restoreCustomer(auth: Auth, id: string): Promise<Customer> {
  return retrying(async () => {
    const c = await loadRecycled(auth, id);
    const [settings, former] = await Promise.all([
      getSettings(auth.tenantId),
      c.ownerId ? getUser(auth.tenantId, c.ownerId) : undefined,
    ]);
    const owner =
      former && !former.disabled
        ? { id: former.id, name: former.name, rolePath: former.rolePath }
        : { id: auth.userId, name: auth.userName, rolePath: auth.rolePath };
    const at = now().toISOString();
    const next = await withClock(
      auth.tenantId,
      touched(
        c,
        at,
        {
          state: 'active',
          deletedAt: null,
          deletedBy: null,
          ownerId: owner.id,
          ownerName: owner.name,
          ownerRolePath: owner.rolePath,
          ownedSince: at,
          locked: false,
          shares: c.shares.filter((s) => s.userId !== owner.id),
        },
        writerOf(auth),
      ),
      c,
    );
    await repo.commit([
      ...repo.saveCustomerSteps(auth.tenantId, next, c, {}),
      ...repo.ownershipChange(auth.tenantId, null, owner.id, settings.maxCustomersPerRep),
      history(auth.tenantId, c, 'restore', actorOf(auth), null, owner, at),
    ]);
    return present(next);
  });
}

/**
 * Deletes a recycle-bin entry for good: marks it purging (restore and to-pool refuse it from then
 * on), deletes its children page by page, then the customer with its name guard and search terms.
 * A purge interrupted half-way is finished by the next call.
 */
export async function purgeCustomer(auth: Auth, id: string): Promise<void> {
  const marked = await retrying(async () => {
    const c = await loadVisibleCustomer(auth, id);
    if (c.state !== 'recycled')
      throw new Conflict('not_in_recycle_bin', 'Only customers in the recycle bin can be purged.');
    if (c.purging) return c;
    const next: CustomerRecord = { ...c, purging: true, version: c.version + 1 };
    await repo.commit(repo.saveCustomerSteps(auth.tenantId, next, c, {}));
    return next;
  });
  await repo.deleteChildren(auth.tenantId, id);
  await repo.commit(repo.finishPurgeSteps(auth.tenantId, marked));
}

/**
 * Moves a customer into a pool: no owner, no shares, not hot, not locked; the owner's quota and lock
 * counters drop when it was owned. The pool context builds release and reclaim on this (adding its
 * own steps); the customer must still be at the version read (412 otherwise).
 */
export async function moveToPool(
  tenantId: string,
  c: CustomerRecord,
  opts: {
    poolId: string;
    actor: { id: string; name: string } | null;
    action?: OwnerAction | (string & {});
    reasonId?: string | null;
    note?: string | null;
    extraSteps?: repo.Step[];
  },
): Promise<CustomerRecord> {
  const at = now().toISOString();
  const next = intoPool(c, opts.poolId, at);
  const entry = historyEntry({
    id: ulid(),
    customerId: c.id,
    at,
    action: opts.action ?? 'toPool',
    actor: opts.actor,
    from: ownerOf(c),
    to: null,
    poolId: opts.poolId,
    reasonId: opts.reasonId ?? null,
    note: opts.note ?? null,
  });
  await repo.commit([
    ...repo.saveCustomerSteps(tenantId, next, c, {}),
    ...repo.ownershipChange(tenantId, c.state === 'active' ? c.ownerId : null, null, null, 1, locksOf(c)),
    repo.historyStep(tenantId, entry),
    ...(opts.extraSteps ?? []),
  ]);
  return next;
}

// ---- ownership, sharing, hot -------------------------------------------------------------------

async function activeUser(tenantId: string, userId: string, path: string): Promise<User> {
  const user = await getUser(tenantId, userId);
  if (!user)
    throw new BadRequest('The user does not exist.', [
      { path, code: 'unknown_user', message: 'No user of this company has this id' },
    ]);
  if (user.disabled)
    throw new Unprocessable('user_disabled', `${user.name} is disabled and cannot take customers.`);
  return user;
}

/**
 * A new owner: visibility moves with ownership, the quota counters move, history records it, in one
 * transaction. The previous owner's open deals follow the customer from the table's stream: the
 * pipeline reacts to this change of the customer item (lib/pipeline/consumers.ts, `deal-transfers`).
 */
export async function transferCustomer(auth: Auth, id: string, userId: string): Promise<Customer> {
  const target = await activeUser(auth.tenantId, userId, 'body.userId');
  return retrying(async () => {
    const c = await loadManageableCustomer(auth, id);
    if (c.ownerId === userId)
      throw new Unprocessable('already_owner', `${target.name} owns this customer already.`);
    const settings = await getSettings(auth.tenantId);
    const at = now().toISOString();
    const to = { id: target.id, name: target.name };
    // The new owner starts afresh: the reclaim rules count from now, and the old owner's lock ends.
    const next = await withClock(
      auth.tenantId,
      touched(
        c,
        at,
        {
          ownerId: target.id,
          ownerName: target.name,
          ownerRolePath: target.rolePath,
          ownedSince: at,
          locked: false,
          shares: c.shares.filter((s) => s.userId !== target.id),
        },
        writerOf(auth),
      ),
      c,
    );
    await repo.commit([
      ...repo.saveCustomerSteps(auth.tenantId, next, c, {}),
      ...repo.ownershipChange(
        auth.tenantId,
        c.ownerId,
        target.id,
        settings.maxCustomersPerRep,
        1,
        locksOf(c),
      ),
      history(auth.tenantId, c, 'transfer', actorOf(auth), ownerOf(c), to, at),
    ]);
    return present(next);
  });
}

/** Shares with more users (共享): they see and work the customer; the owner keeps it. */
export async function addShares(auth: Auth, id: string, userIds: string[]): Promise<Customer> {
  const users = await Promise.all(userIds.map((u) => getUser(auth.tenantId, u)));
  throwIfAny(
    users.flatMap((u, i) =>
      u
        ? []
        : [
            {
              path: `body.userIds.${i}`,
              code: 'unknown_user',
              message: 'No user of this company has this id',
            },
          ],
    ),
  );
  return retrying(async () => {
    const c = await loadManageableCustomer(auth, id);
    const ownerAt = userIds.indexOf(c.ownerId as string);
    if (ownerAt >= 0)
      throw new BadRequest('The owner sees the customer already.', [
        { path: `body.userIds.${ownerAt}`, code: 'is_owner', message: 'This user owns the customer' },
      ]);
    const at = now().toISOString();
    const added = userIds
      .filter((u) => !c.shares.some((s) => s.userId === u))
      .map((userId) => ({ userId, sharedBy: auth.userId, sharedAt: at }));
    if (added.length === 0) return present(c);
    if (c.shares.length + added.length > MAX_SHARES)
      throw new Unprocessable(
        'too_many_shares',
        `A customer can be shared with at most ${MAX_SHARES} users.`,
      );
    const next = touched(c, at, { shares: [...c.shares, ...added] }, writerOf(auth));
    await repo.commit(repo.saveCustomerSteps(auth.tenantId, next, c, {}));
    return present(next);
  });
}

export async function removeShare(auth: Auth, id: string, userId: string): Promise<void> {
  await retrying(async () => {
    const c = await loadManageableCustomer(auth, id);
    if (!c.shares.some((s) => s.userId === userId)) throw new NotFound('share');
    const next = touched(
      c,
      now().toISOString(),
      { shares: c.shares.filter((s) => s.userId !== userId) },
      writerOf(auth),
    );
    await repo.commit(repo.saveCustomerSteps(auth.tenantId, next, c, {}));
  });
}

/** Hot customers (热点客户) are listed in red; setting the flag twice changes nothing. */
export async function setHot(auth: Auth, id: string, hot: boolean): Promise<Customer> {
  return retrying(async () => {
    const c = await loadManageableCustomer(auth, id);
    if (c.hot === hot) return present(c);
    const next = touched(c, now().toISOString(), { hot }, writerOf(auth));
    await repo.commit(repo.saveCustomerSteps(auth.tenantId, next, c, {}));
    return present(next);
  });
}

/** How many customers a batch works on at once. */
export const BATCH_CONCURRENCY = 8;

export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---- 360 view, news, relations -----------------------------------------------------------------

/**
 * Where each kind of child appears in the 360 view. A context adding a child kind to
 * CUSTOMER_CHILD adds its section here (and to the Overview schema); until then it is left out.
 * Tag copies (`tag`) are copies of the customer itself for the tagged lists: never a section.
 */
const SECTIONS: Partial<Record<CustomerChildKind, string>> = {
  contact: 'contacts',
  followup: 'followups',
  plan: 'plans',
  news: 'news',
  relation: 'relations',
  share: 'shares',
  history: 'history',
  opportunity: 'opportunities',
  contract: 'contracts',
  paymentPlan: 'paymentPlans',
  payment: 'payments',
};

/** Role paths are scope internals: other endpoints never show them, and neither does the overview. */
const withoutRolePaths = (child: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(child).filter(([key]) => !key.endsWith('RolePath')));

/** The 360 view (客户视图): the customer and every child, from one Query on its item collection. */
export async function overview(auth: Auth, id: string) {
  const items = await repo.getCollection(auth.tenantId, id);
  const root = items.find((i) => i.type === 'customer');
  const customer = root ? repo.toRecord(root) : undefined;
  if (!customer || !canSee(auth, customer)) throw new NotFound('customer');
  if (customer.state === 'pool' && !(await seesPoolCustomer(auth, customer.poolId)))
    throw new NotFound('customer');
  const sections = Object.fromEntries(Object.values(SECTIONS).map((s) => [s, [] as unknown[]]));
  for (const item of items) {
    const kind = customerChildKind(item.sk as string);
    const section = kind && kind !== 'customer' ? SECTIONS[kind] : undefined;
    if (!section) continue;
    sections[section]?.push(
      kind === 'relation'
        ? repo.toRelation(item)
        : kind === 'share'
          ? { userId: item.userId, sharedBy: item.sharedBy, sharedAt: item.sharedAt }
          : kind === 'contact'
            ? presentContact(item)
            : withoutRolePaths(repo.stripItem(item)),
    );
  }
  return { customer: presentTo(auth, customer), ...sections };
}

export async function addNews(
  auth: Auth,
  id: string,
  input: {
    title: string;
    url?: string | undefined;
    summary?: string | undefined;
    publishedOn?: string | undefined;
  },
): Promise<News> {
  const c = await loadEditableCustomer(auth, id);
  const news: News = {
    id: ulid(),
    customerId: c.id,
    title: input.title,
    url: input.url ?? null,
    summary: input.summary ?? null,
    publishedOn: input.publishedOn ?? null,
    createdAt: now().toISOString(),
    createdBy: auth.userId,
  };
  await repo.commit([repo.newsStep(auth.tenantId, news), repo.customerLiveCheck(auth.tenantId, c.id)]);
  return news;
}

export async function listNews(auth: Auth, id: string, page: { limit: number; cursor?: string | undefined }) {
  const c = await loadVisibleCustomer(auth, id);
  return repo.listChildren<News>(auth.tenantId, c.id, 'news', page);
}

/**
 * Relates two customers (关联客户: parent, subsidiary, partner); the other customer gets the
 * reverse relation in the same transaction. The caller must be able to change the first and see
 * the second.
 */
export async function addRelation(
  auth: Auth,
  id: string,
  input: { relatedId: string; type: RelationType },
): Promise<Relation> {
  if (input.relatedId === id)
    throw new BadRequest('A customer cannot be related to itself.', [
      { path: 'body.relatedId', code: 'self_relation', message: 'Choose another customer' },
    ]);
  const c = await loadEditableCustomer(auth, id);
  const other = await repo.getCustomer(auth.tenantId, input.relatedId);
  if (!other || !canSee(auth, other) || other.state === 'recycled') throw new NotFound('related customer');
  const at = now().toISOString();
  const relation: Relation = {
    customerId: c.id,
    relatedId: other.id,
    relatedName: other.name,
    type: input.type,
    createdAt: at,
    createdBy: auth.userId,
  };
  await repo.commit([
    repo.relationStep(auth.tenantId, relation),
    repo.relationStep(auth.tenantId, {
      ...relation,
      customerId: other.id,
      relatedId: c.id,
      relatedName: c.name,
      type: reverseRelation(input.type),
    }),
    repo.customerLiveCheck(auth.tenantId, c.id),
    repo.customerLiveCheck(auth.tenantId, other.id),
  ]);
  return relation;
}

export async function removeRelation(auth: Auth, id: string, relatedId: string): Promise<void> {
  const c = await loadEditableCustomer(auth, id);
  await repo.commit([
    repo.relationDeleteStep(auth.tenantId, c.id, relatedId),
    repo.relationDeleteStep(auth.tenantId, relatedId, c.id),
  ]);
}
