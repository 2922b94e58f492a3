import { now } from '../clock.ts';
import type { OwnerStamp } from '../customers/consumers.ts';
import { customerChildPrefix, type PipelineBucket, pipelineLists } from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { PreconditionFailed } from '../http/errors.ts';
import * as repo from './repository.ts';

/**
 * Keeps a user's leads, opportunities and contracts in step with the user: their role path (what
 * the subordinates and funnel views find them by) and name, as `stamp` (the user as stored now).
 * Run from the table's stream when a user's role or name changed (lib/pipeline/consumers.ts). Pages
 * over the user's records on `pipelineByOwner` and rewrites only those that differ, each at the
 * version read (re-read on a conflict), so a re-run after a crash finishes the job and bumps no
 * record twice. A contract's payment plans and payments follow it (repository.syncContractChildren),
 * also when the contract itself was moved by an earlier, interrupted run. Returns how many records
 * changed.
 */
export async function reassignPipelineOwner(
  tenantId: string,
  userId: string,
  stamp: OwnerStamp,
): Promise<number> {
  let changed = 0;
  const differs = (r: { ownerId: string; ownerRolePath: string; ownerName: string }) =>
    r.ownerId === userId && (r.ownerRolePath !== stamp.rolePath || r.ownerName !== stamp.name);
  const moved = <T extends { ownerRolePath: string; ownerName: string; version: number }>(r: T): T => ({
    ...r,
    ownerRolePath: stamp.rolePath,
    ownerName: stamp.name,
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

/** A customer's transfer, as the customer item's change shows it (lib/pipeline/consumers.ts). */
export interface Handover {
  customerId: string;
  fromUserId: string;
  toUserId: string;
  /** When the transfer committed (the customer's new `ownedSince`). */
  at: string;
}

/** Open deals go with their customer; closed ones are the record of whoever closed them. */
const isOpen = (deal: { status: string }) =>
  deal.status === 'open' ||
  deal.status === 'draft' ||
  deal.status === 'signed' ||
  deal.status === 'pending_approval';

/** Rounds of restamping when the new owner's role or name changes while their deals move. */
const MAX_ROUNDS = 3;

/**
 * Hands a transferred customer's open deals to its new owner, as CRMs do on a transfer
 * (WukongCRM: 同时变更负责人 商机/合同): the open opportunities and the draft or signed contracts
 * that the previous owner owned when the transfer committed move to the new one, index keys
 * included, so they leave the previous owner's `mine` views and enter the new owner's; the
 * contracts' payment plans and payments are restamped with the new owner (a plan's due reminder
 * goes to them). Won and lost opportunities, completed and terminated contracts stay with the
 * previous owner (their sales record); deals of other users on the customer (a shared user's), and
 * deals the previous owner opened after the transfer, stay theirs.
 *
 * Run from the table's stream, not in the transfer's transaction: that transaction already carries
 * the customer, its share items, the copies its contacts keep of it, both owners' quota counters
 * and the history entry, up to DynamoDB's 100 items, while a key account's deals (each contract
 * with its plans and payments to restamp) have no such bound. Each deal moves on its own,
 * conditioned on the version read and only while its owner is still the previous owner, so running
 * this again (a delivery twice, a re-run after a crash) moves nothing twice and never takes a deal
 * from someone it was handed to meanwhile. The new owner's name and role path are read as stored
 * now, and again after the moves: when they changed meanwhile (a role change whose own consumer may
 * have paged the new owner's deals before these were written), the customer's deals of the new
 * owner are restamped. Until then the deals are still the previous owner's: visible to them
 * (rules.canSeeDeal) and to the new owner through the customer. Returns how many deals moved.
 */
export async function moveCustomerDeals(
  tenantId: string,
  handover: Handover,
  stampOf: (userId: string) => Promise<OwnerStamp | undefined>,
): Promise<number> {
  const { customerId, fromUserId, toUserId } = handover;
  const moved = new Set<string>();
  let stamp = await stampOf(toUserId);
  for (let round = 1; stamp; round += 1) {
    const to = stamp;
    const at = now().toISOString();
    const handedOver = <T extends repo.OpportunityRecord | repo.ContractRecord>(deal: T): T => {
      const stamped = { ...deal, ownerName: to.name, ownerRolePath: to.rolePath, version: deal.version + 1 };
      if (deal.ownerId === toUserId) return stamped;
      moved.add(deal.id);
      return { ...stamped, ownerId: toUserId, updatedAt: at };
    };
    const needs = (deal: repo.OpportunityRecord | repo.ContractRecord) =>
      (deal.ownerId === fromUserId && isOpen(deal) && deal.createdAt <= handover.at) ||
      (deal.ownerId === toUserId && (deal.ownerRolePath !== to.rolePath || deal.ownerName !== to.name));
    for (const id of await childIds(tenantId, customerId, 'opportunity')) {
      await rewrite(
        () => repo.getOpportunity(tenantId, customerId, id),
        needs,
        handedOver,
        (next, current) => repo.saveOpportunityStep(tenantId, next, current),
      );
    }
    for (const id of await childIds(tenantId, customerId, 'contract')) {
      const done = await rewrite(
        () => repo.getContract(tenantId, customerId, id),
        needs,
        handedOver,
        (next, current) => repo.saveContractStep(tenantId, next, current),
      );
      // Every contract, moved now or by an interrupted earlier run: its children match it after this.
      if (done.record) await repo.syncContractChildren(tenantId, done.record);
    }
    const after = await stampOf(toUserId);
    if (!after || round >= MAX_ROUNDS || (after.rolePath === to.rolePath && after.name === to.name)) break;
    stamp = after;
  }
  return moved.size;
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
