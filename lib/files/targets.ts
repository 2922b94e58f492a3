import { getApproval } from '../approvals/service.ts';
import { getContact } from '../contacts/service.ts';
import { loadVisibleCustomer } from '../customers/service.ts';
import { getCheckin } from '../field/service.ts';
import { getRef as followUpRef } from '../followups/repository.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, NotFound } from '../http/errors.ts';
import { getContract } from '../pipeline/contracts.ts';
import type { TargetKind } from './schemas.ts';

/**
 * Who sees an attachment: whoever sees its target. One entry per target kind, each resolving to
 * nothing when the caller may see the target and throwing NotFound otherwise (an unknown id, another
 * tenant's, or one the caller may not see, all alike). Kinds whose context is not built yet
 * (worklog, task, event) have no entry: they answer 400 unsupported_target, on create and
 * on every path that names an attachment of that kind, until their check is added here.
 */
export type TargetCheck = (auth: Auth, id: string) => Promise<void>;

const followUp: TargetCheck = async (auth, id) => {
  const ref = await followUpRef(auth.tenantId, id);
  if (ref?.kind !== 'followup') throw new NotFound('follow-up record');
  await loadVisibleCustomer(auth, ref.customerId);
};

export const TARGETS: Partial<Record<TargetKind, TargetCheck>> = {
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
};

/** Checks that the caller sees the target (404 otherwise); 400 for a kind no check is wired for yet. */
export async function assertVisibleTarget(
  auth: Auth,
  target: { kind: TargetKind; id: string },
  targets: Partial<Record<TargetKind, TargetCheck>> = TARGETS,
): Promise<void> {
  const check = targets[target.kind];
  if (!check)
    throw new BadRequest(`Attachments to a ${target.kind} are not supported yet.`, [
      { path: 'body.target.kind', code: 'unsupported_target', message: `Not yet: ${target.kind}` },
    ]);
  try {
    await check(auth, target.id);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound(target.kind);
    throw error;
  }
}
