import { now } from '../clock.ts';
import { customerChildPrefix, type PipelineBucket, pipelineLists } from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { PreconditionFailed } from '../http/errors.ts';
import * as repo from './repository.ts';

/**
 * Keeps a user's leads, opportunities and contracts in step with the user: their role path (what
 * the subordinates and funnel views find them by) and name. The organisation calls it next to
 * customers' `reassignOwnerRolePath` when a user changes role or name. Pages over the user's
 * records on `pipelineByOwner` and rewrites only those that differ, each at the version read
 * (re-read on a conflict), so a re-run after a crash finishes the job. A contract's payment plans
 * and payments follow it (repository.syncContractChildren), also when the contract itself was
 * moved by an earlier, interrupted run. Returns how many records changed.
 */
export async function reassignPipelineOwner(
  tenantId: string,
  userId: string,
  rolePath: string,
  ownerName?: string,
): Promise<number> {
  let changed = 0;
  const differs = (r: { ownerId: string; ownerRolePath: string; ownerName: string }) =>
    r.ownerId === userId &&
    (r.ownerRolePath !== rolePath || (ownerName !== undefined && r.ownerName !== ownerName));
  const moved = <T extends { ownerRolePath: string; ownerName: string; version: number }>(r: T): T => ({
    ...r,
    ownerRolePath: rolePath,
    ownerName: ownerName ?? r.ownerName,
    version: r.version + 1,
  });

  const buckets: PipelineBucket[] = ['LEAD', 'LEADDONE', 'OPP', 'CONTRACT'];
  for (const bucket of buckets) {
    let cursor: string | undefined;
    do {
      const page = await repo.listPage<Record<string, unknown> & { id: string; customerId?: string }>(
        tenantId,
        pipelineLists.mine(tenantId, bucket, userId),
        { limit: 100, cursor },
        `reassign|${bucket}|${userId}`,
      );
      for (const seen of page.items) {
        if (bucket === 'OPP') {
          const done = await rewrite(
            () => repo.getOpportunity(tenantId, seen.customerId as string, seen.id),
            differs,
            moved,
            (next, current) => repo.saveOpportunityStep(tenantId, next, current),
          );
          changed += done.changed ? 1 : 0;
        } else if (bucket === 'CONTRACT') {
          const done = await rewrite(
            () => repo.getContract(tenantId, seen.customerId as string, seen.id),
            differs,
            moved,
            (next, current) => repo.saveContractStep(tenantId, next, current),
          );
          changed += done.changed ? 1 : 0;
          if (done.record) await repo.syncContractChildren(tenantId, done.record);
        } else {
          const done = await rewrite(
            () => repo.getLead(tenantId, seen.id),
            differs,
            moved,
            (next, current) => repo.saveLeadStep(tenantId, next, current),
          );
          changed += done.changed ? 1 : 0;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return changed;
}

/**
 * Rewrites one record while it still needs it: reads it, and when `needs` holds, saves `change` of
 * it at the version read; a conflict (someone else wrote it meanwhile) reads it again, a few times.
 * Returns the record as it now stands.
 */
async function rewrite<T extends { version: number }>(
  read: () => Promise<T | undefined>,
  needs: (current: T) => boolean,
  change: (current: T) => T,
  save: (next: T, current: T) => repo.Step,
): Promise<{ record: T | undefined; changed: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await read();
    if (!current || !needs(current)) return { record: current, changed: false };
    const next = change(current);
    try {
      await repo.commit([save(next, current)]);
      return { record: next, changed: true };
    } catch (error) {
      if (!(error instanceof PreconditionFailed) || attempt >= 5) throw error;
    }
  }
}

export interface NewOwner {
  id: string;
  name: string;
  rolePath: string;
}

/** Open deals go with their customer; closed ones are the record of whoever closed them. */
const isOpen = (deal: { status: string }) =>
  deal.status === 'open' || deal.status === 'draft' || deal.status === 'signed';

/**
 * Hands a transferred customer's open deals to its new owner, as CRMs do on a transfer
 * (WukongCRM: 同时变更负责人 商机/合同): the open opportunities and the draft or signed contracts
 * that `fromUserId` owned move to `to`, index keys included, so they leave the previous owner's
 * `mine` views and enter the new owner's; the contracts' payment plans and payments are restamped
 * with the new owner (a plan's due reminder goes to them). Won and lost opportunities, completed
 * and terminated contracts stay with the previous owner (their sales record), and deals of other
 * users on the customer (a shared user's) stay theirs.
 *
 * Why writes of their own after the customer's transaction rather than inside it: that
 * transaction already carries the customer, its share items, the copies its contacts keep of it,
 * both owners' quota counters and the history entry, up to DynamoDB's 100 items, while a key
 * account's deals (each contract with its plans and payments to restamp) have no such bound. Each
 * deal moves on its own, conditioned on the version read and only while its owner is still
 * `fromUserId`, so running this again (a retried request, a second transfer racing the first)
 * moves nothing twice and never takes a deal from someone it was handed to meanwhile. Between the
 * customer's transaction and these writes the deals are still the previous owner's: visible to them
 * (rules.canSeeDeal) and to the new owner through the customer. Returns how many deals moved.
 */
export async function moveCustomerDeals(
  tenantId: string,
  customerId: string,
  fromUserId: string,
  to: NewOwner,
): Promise<number> {
  const at = now().toISOString();
  const handedOver = <T extends repo.OpportunityRecord | repo.ContractRecord>(deal: T): T => ({
    ...deal,
    ownerId: to.id,
    ownerName: to.name,
    ownerRolePath: to.rolePath,
    updatedAt: at,
    version: deal.version + 1,
  });
  const needs = (deal: { ownerId: string; status: string }) => deal.ownerId === fromUserId && isOpen(deal);
  let moved = 0;
  for (const id of await childIds(tenantId, customerId, 'opportunity')) {
    const done = await rewrite(
      () => repo.getOpportunity(tenantId, customerId, id),
      needs,
      handedOver,
      (next, current) => repo.saveOpportunityStep(tenantId, next, current),
    );
    moved += done.changed ? 1 : 0;
  }
  for (const id of await childIds(tenantId, customerId, 'contract')) {
    const done = await rewrite(
      () => repo.getContract(tenantId, customerId, id),
      needs,
      handedOver,
      (next, current) => repo.saveContractStep(tenantId, next, current),
    );
    moved += done.changed ? 1 : 0;
    // Every contract, moved now or by an interrupted earlier run: its children match it after this.
    if (done.record) await repo.syncContractChildren(tenantId, done.record);
  }
  return moved;
}

/** The ids of a customer's opportunities or contracts (one Query on its item collection, paged). */
async function childIds(
  tenantId: string,
  customerId: string,
  kind: 'opportunity' | 'contract',
): Promise<string[]> {
  const { pk, skPrefix } = customerChildPrefix(tenantId, customerId, kind);
  const items = await queryAll<{ id: string }>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    consistent: true,
  });
  return items.map((item) => item.id);
}
