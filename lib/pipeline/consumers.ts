import type { DynamoDBRecord } from 'aws-lambda';
import { currentStamp, ownerChangeOf } from '../customers/consumers.ts';
import { getCustomer } from '../customers/repository.ts';
import { imagesOf } from '../db/stream.ts';
import { type Handover, moveCustomerDeals, reassignPipelineOwner } from './owners.ts';
import { commit, getContract, getRef, saveContractStep } from './repository.ts';
import { dealSteps } from './scope.ts';

/**
 * The pipeline's reactions to the table's stream (lib/jobs.ts `deal-owner-sync`, `deal-transfers`):
 * what the organisation and the customers committed that the deals must follow. Each reads the event
 * and the current state of what it rewrites, and rewrites only what differs, at the version read:
 * run twice, or again after a crash half-way, it changes nothing twice and finishes the job.
 */

/** A user's role or name changed: their leads, opportunities and contracts follow. */
export async function onOwnerChanged(record: DynamoDBRecord): Promise<number> {
  const change = ownerChangeOf(record);
  if (!change) return 0;
  const stamp = await currentStamp(change.tenantId, change.userId);
  return stamp ? reassignPipelineOwner(change.tenantId, change.userId, stamp) : 0;
}

/**
 * The transfer a change of a customer item is: an active customer that stays active with another
 * owner. Nothing else changes an owner that way: a release or reclaim leaves it in a pool, a claim
 * or assignment takes it from one, the recycle bin and its restore keep the owner, a merge keeps the
 * target's owner and removes the sources. Those move no deals.
 */
export function handoverOf(record: DynamoDBRecord): (Handover & { tenantId: string }) | undefined {
  if (record.eventName !== 'MODIFY') return undefined;
  const { before, after, tenantId } = imagesOf(record);
  if (!before || !after || after.type !== 'customer' || !tenantId) return undefined;
  if (before.state !== 'active' || after.state !== 'active') return undefined;
  const [from, to] = [before.ownerId, after.ownerId];
  if (typeof from !== 'string' || typeof to !== 'string' || from === to) return undefined;
  return {
    tenantId,
    customerId: after.id as string,
    fromUserId: from,
    toUserId: to,
    at: (after.ownedSince ?? after.updatedAt) as string,
  };
}

/**
 * A customer was transferred: the previous owner's open deals follow it (lib/pipeline/owners.ts
 * moveCustomerDeals). A customer that is the previous owner's again by the time this runs (handed
 * back, or claimed back from a pool) keeps its deals where they are: a delivery of this event after
 * the one that handed it back (a replay) must not take the deals away again.
 */
export async function onCustomerTransferred(record: DynamoDBRecord): Promise<number> {
  const handover = handoverOf(record);
  if (!handover) return 0;
  const { tenantId, ...move } = handover;
  const current = await getCustomer(tenantId, move.customerId);
  if (current?.ownerId === move.fromUserId) return 0;
  return moveCustomerDeals(tenantId, move, (userId) => currentStamp(tenantId, userId));
}

/**
 * The decision an approval item's change carries for a contract (lib/approvals, flow type
 * `contract`): approved, or rejected for good (a rejection back to the submitter may still be
 * resubmitted, so the contract keeps waiting). Read from the item's plain attributes
 * (`type: 'approval'`, `flowType`, `contractId`, `status`, `resubmittable`), never from approvals' code.
 */
export function contractDecisionOf(
  record: DynamoDBRecord,
): { tenantId: string; contractId: string; approved: boolean; at: string } | undefined {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return undefined;
  const { before, after, tenantId } = imagesOf(record);
  if (!after || !tenantId || after.type !== 'approval' || after.flowType !== 'contract') return undefined;
  if (typeof after.contractId !== 'string' || before?.status === after.status) return undefined;
  const final = after.status === 'approved' || (after.status === 'rejected' && after.resubmittable !== true);
  if (!final) return undefined;
  return {
    tenantId,
    contractId: after.contractId,
    approved: after.status === 'approved',
    at: String(after.decidedAt ?? after.updatedAt),
  };
}

/**
 * A contract's approval was decided: a `pending_approval` contract becomes what it was created as
 * (signed when it has a signing date, marking its customer as having a deal, else a draft), or
 * `rejected`. A contract no longer waiting (decided by an earlier request, or a replay of this
 * event) is left alone, so a repeated delivery changes nothing; a write that loses a race fails the
 * record, and the stream delivers it again.
 */
export async function onContractApproval(record: DynamoDBRecord): Promise<number> {
  const decision = contractDecisionOf(record);
  if (!decision) return 0;
  const { tenantId, contractId } = decision;
  const ref = await getRef(tenantId, contractId);
  if (ref?.kind !== 'contract') return 0;
  const contract = await getContract(tenantId, ref.customerId, contractId);
  if (contract?.status !== 'pending_approval') return 0;
  const status = !decision.approved ? 'rejected' : contract.signedOn ? 'signed' : 'draft';
  const next = { ...contract, status, updatedAt: decision.at, version: contract.version + 1 } as const;
  const customer = status === 'signed' ? await getCustomer(tenantId, ref.customerId) : undefined;
  await commit([
    saveContractStep(tenantId, next, contract),
    ...(customer ? await dealSteps(tenantId, customer, decision.at) : []),
  ]);
  return 1;
}
