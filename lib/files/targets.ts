import { getApproval } from '../approvals/service.ts';
import { getContact } from '../contacts/service.ts';
import { loadVisibleCustomer } from '../customers/service.ts';
import { getCheckin } from '../field/service.ts';
import { getRef as followUpRef } from '../followups/repository.ts';
import type { Auth } from '../http/auth.ts';
import { NotFound } from '../http/errors.ts';
import { loadVisibleEvent } from '../office/events/load.ts';
import { loadVisibleTask } from '../office/tasks/load.ts';
import { loadVisibleWorklog } from '../office/worklogs/load.ts';
import { getContract } from '../pipeline/contracts.ts';
import type { TargetKind } from './schemas.ts';

/**
 * Who sees an attachment: whoever sees its target. One entry per target kind, each resolving to
 * nothing when the caller may see the target and throwing NotFound otherwise (an unknown id, another
 * tenant's, or one the caller may not see, all alike).
 */
export type TargetCheck = (auth: Auth, id: string) => Promise<void>;

const followUp: TargetCheck = async (auth, id) => {
  const ref = await followUpRef(auth.tenantId, id);
  if (ref?.kind !== 'followup') throw new NotFound('follow-up record');
  await loadVisibleCustomer(auth, ref.customerId);
};

export const TARGETS: Record<TargetKind, TargetCheck> = {
  customer: async (auth, id) => {
    await loadVisibleCustomer(auth, id);
  },
  contact: async (auth, id) => {
    await getContact(auth, id);
  },
  followup: followUp,
  contract: async (auth, id) => {
    await getContract(auth, id);
  },
  checkin: async (auth, id) => {
    await getCheckin(auth, id);
  },
  approval: async (auth, id) => {
    await getApproval(auth, id);
  },
  task: async (auth, id) => {
    await loadVisibleTask(auth, id);
  },
  worklog: async (auth, id) => {
    await loadVisibleWorklog(auth, id);
  },
  event: async (auth, id) => {
    await loadVisibleEvent(auth, id);
  },
};

/** Checks that the caller sees the target: 404 (named after the kind) otherwise. */
export async function assertVisibleTarget(
  auth: Auth,
  target: { kind: TargetKind; id: string },
): Promise<void> {
  try {
    await TARGETS[target.kind](auth, target.id);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound(target.kind);
    throw error;
  }
}
