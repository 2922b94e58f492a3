import * as customers from '../customers/repository.ts';
import { type CustomerRecord, canEdit, canSee, touched } from '../customers/rules.ts';
import { ownerScopePrefix, type PipelineBucket, pipelineLists } from '../db/keys.ts';
import type { Page } from '../db/query.ts';
import { type Auth, can } from '../http/auth.ts';
import { BadRequest, Conflict, Forbidden, NotFound, PreconditionFailed } from '../http/errors.ts';
import { getUser } from '../org/repository.ts';
import { isAbove } from '../org/rules.ts';
import { seesPoolCustomer } from '../ownership/access.ts';
import { withClock } from '../ownership/reclaim.ts';
import { type ListSpec, listPage, type Step } from './repository.ts';
import { canEditDeal, canSeeDeal, type Owned, ownsOrIsAbove } from './rules.ts';
import type { PipelineView } from './schemas.ts';

/**
 * Data scope and list views shared by leads, opportunities and contracts. A deal (opportunity,
 * contract) is visible to whoever sees its customer, with the customer's full scope (a private
 * customer hides its deals from peers and viewAll holders, never from superiors; the recycle bin
 * and the pools likewise), and to its own owner's chain (rules.canSeeDeal); other tenants' ids and
 * invisible ones are 404 alike.
 */

export const actorOf = (auth: Auth) => ({ id: auth.userId, name: auth.userName });

/** The customer of a deal as the caller may use it: the record and what the caller may do with it. */
export interface CustomerAccess {
  customer: CustomerRecord | undefined;
  visible: boolean;
  editable: boolean;
}

/** Whether the caller sees a customer: its data scope, and for a pool customer, membership of the pool. */
export async function seesCustomer(auth: Auth, customer: CustomerRecord | undefined): Promise<boolean> {
  if (!customer || !canSee(auth, customer)) return false;
  return customer.state !== 'pool' || seesPoolCustomer(auth, customer.poolId);
}

export async function customerAccess(auth: Auth, customerId: string): Promise<CustomerAccess> {
  const customer = await customers.getCustomer(auth.tenantId, customerId);
  return {
    customer,
    visible: await seesCustomer(auth, customer),
    editable: customer !== undefined && canEdit(auth, customer),
  };
}

/**
 * The deals of a list page the caller may see (rules.canSeeDeal). The ones the caller owns or
 * supervises need nothing more (every deal of `mine` and `subordinates`, and all of them for an
 * administrator); for the others their customers are read, one BatchGet per page, and must be
 * visible to the caller. This is what keeps a private customer's deals out of a viewAll holder's
 * company view. A page may come back shorter than the limit; its cursor goes on.
 */
export async function visibleDeals<T extends Owned & { customerId: string }>(
  auth: Auth,
  items: T[],
): Promise<T[]> {
  const undecided = items.filter((deal) => !ownsOrIsAbove(auth, deal));
  if (undecided.length === 0) return items;
  const records = await customers.getCustomers(
    auth.tenantId,
    undecided.map((deal) => deal.customerId),
  );
  const pools = new Map<string | null, Promise<boolean>>();
  const inPool = (poolId: string | null) => {
    if (!pools.has(poolId)) pools.set(poolId, seesPoolCustomer(auth, poolId));
    return pools.get(poolId) as Promise<boolean>;
  };
  const visible = new Set<string>();
  for (const [id, customer] of records) {
    if (canSee(auth, customer) && (customer.state !== 'pool' || (await inPool(customer.poolId))))
      visible.add(id);
  }
  return items.filter((deal) => ownsOrIsAbove(auth, deal) || visible.has(deal.customerId));
}

/**
 * A page of one customer's deals as the caller may see it. Whoever sees the customer sees every
 * deal of it; whoever does not sees only the deals they own or supervise (their closed deals of a
 * customer transferred away), and 404 when the first page holds none (as if the customer did not
 * exist). The customer is read only when the page holds a deal the caller neither owns nor
 * supervises, or none: a rep listing their own customer's deals reads just the page.
 */
export async function customerDealPage<T extends Owned>(
  auth: Auth,
  customerId: string,
  page: Page<T>,
  firstPage: boolean,
): Promise<Page<T>> {
  if (page.items.length > 0 && page.items.every((deal) => ownsOrIsAbove(auth, deal))) return page;
  if (await seesCustomer(auth, await customers.getCustomer(auth.tenantId, customerId))) return page;
  const own = page.items.filter((deal) => ownsOrIsAbove(auth, deal));
  if (own.length === 0 && firstPage) throw new NotFound('customer');
  return { items: own, nextCursor: page.nextCursor };
}

/**
 * What a read of a deal needs to know about its customer: nothing when the caller owns the deal or
 * is above its owner (the common case, and one read less per list page), the customer otherwise.
 */
export async function accessForDeal(
  auth: Auth,
  deal: Owned,
  customerId: string,
  mode: 'see' | 'edit',
): Promise<CustomerAccess> {
  if (mode === 'see' && ownsOrIsAbove(auth, deal))
    return { customer: undefined, visible: true, editable: true };
  return customerAccess(auth, customerId);
}

export function assertVisibleDeal(auth: Auth, deal: Owned, access: CustomerAccess, what: string): void {
  if (!canSeeDeal(auth, deal, access.visible)) throw new NotFound(what);
}

export function assertEditableDeal(auth: Auth, deal: Owned, access: CustomerAccess, what: string): void {
  assertVisibleDeal(auth, deal, access, what);
  if (!canEditDeal(auth, deal, access.editable))
    throw new Forbidden(`You may view this ${what} but not change it.`, 'not_editable');
}

/** The customer's step failed because someone changed the customer meanwhile: read again and retry. */
class StaleCustomer extends Error {}

/**
 * A won opportunity or a signed contract marks its customer as having a deal (`won`, `lastDealAt`),
 * which the pool's "no deal for N days" rule and analytics read (lib/ownership/reclaim.ts). Written through the customers
 * module in the deal's own transaction, at the customer version read.
 */
export async function dealSteps(tenantId: string, customer: CustomerRecord, at: string): Promise<Step[]> {
  const next = await withClock(tenantId, touched(customer, at, { won: true, lastDealAt: at }), customer);
  return customers.saveCustomerSteps(tenantId, next, customer, {}).map((step) => ({
    ...step,
    fail: async () => {
      const error = await step.fail();
      return error instanceof PreconditionFailed ? new StaleCustomer() : error;
    },
  }));
}

/** Runs a use case again (it re-reads) when its customer changed under it; a few tries, then 409. */
export async function retryingOnCustomer<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof StaleCustomer)) throw error;
      if (attempt >= 5) throw new Conflict('write_conflict', 'The customer keeps changing; retry.');
    }
  }
}

// ---- list views ----------------------------------------------------------------------------------

/** The owner a manager narrows `subordinates` to must be below them. */
async function assertBelow(auth: Auth, ownerId: string, view: PipelineView): Promise<void> {
  if (view !== 'subordinates')
    throw new BadRequest('ownerId narrows the subordinates view only.', [
      { path: 'query.ownerId', code: 'not_applicable', message: 'Use it with view=subordinates' },
    ]);
  const owner = await getUser(auth.tenantId, ownerId);
  if (!owner || !isAbove(auth.rolePath, owner.rolePath)) throw new NotFound('user');
}

function assertCompany(auth: Auth, view: PipelineView): void {
  if (view === 'company' && !can(auth, 'customers.viewAll'))
    throw new Forbidden('The company view needs the permission "customers.viewAll".', 'missing_permission');
}

/** The index Query of a view: the caller's own records, their subordinates' (or one of them), the company's. */
export async function viewSpec(
  auth: Auth,
  bucket: PipelineBucket,
  view: PipelineView,
  ownerId: string | undefined,
): Promise<ListSpec> {
  assertCompany(auth, view);
  if (ownerId) await assertBelow(auth, ownerId, view);
  const t = auth.tenantId;
  switch (view) {
    case 'mine':
      return pipelineLists.mine(t, bucket, auth.userId);
    case 'subordinates':
      return ownerId ? pipelineLists.mine(t, bucket, ownerId) : pipelineLists.below(t, bucket, auth.rolePath);
    case 'company':
      return pipelineLists.company(t, bucket);
  }
}

/** One stage of the funnel within a view: the stage index is grouped by owner role path, so each scope is a prefix. */
export async function stageSpec(
  auth: Auth,
  stage: string,
  view: PipelineView,
  ownerId: string | undefined,
): Promise<ListSpec> {
  assertCompany(auth, view);
  if (ownerId) await assertBelow(auth, ownerId, view);
  const t = auth.tenantId;
  switch (view) {
    case 'mine':
      return pipelineLists.stage(t, stage, ownerScopePrefix(auth.rolePath, auth.userId));
    case 'subordinates': {
      if (!ownerId) return pipelineLists.stage(t, stage, `${auth.rolePath}/`);
      const owner = await getUser(t, ownerId);
      return pipelineLists.stage(t, stage, ownerScopePrefix(owner?.rolePath ?? '', ownerId));
    }
    case 'company':
      return pipelineLists.stage(t, stage);
  }
}

/** A page of a view, newest first, with a residue filter on top (status). */
export const readView = <T>(
  auth: Auth,
  spec: ListSpec,
  page: { limit: number; cursor?: string | undefined },
  fingerprint: string,
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
): Promise<Page<T>> => listPage<T>(auth.tenantId, spec, page, `${fingerprint}|${auth.userId}`, filter);
