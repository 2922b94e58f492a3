import { type PipelineBucket, pipelineLists } from '../db/keys.ts';
import { PreconditionFailed } from '../http/errors.ts';
import * as repo from './repository.ts';

/**
 * Keeps a user's leads, opportunities and contracts in step with the user: their role path (what
 * the subordinates and funnel views find them by) and name. The organisation calls it next to
 * customers' `reassignOwnerRolePath` when a user changes role or name. Pages over the user's
 * records on `pipelineByOwner` and rewrites only those that differ, each at the version read
 * (re-read on a conflict), so a re-run after a crash finishes the job. Returns how many changed.
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
        for (let attempt = 1; attempt <= 5; attempt += 1) {
          const current =
            bucket === 'OPP'
              ? await repo.getOpportunity(tenantId, seen.customerId as string, seen.id)
              : bucket === 'CONTRACT'
                ? await repo.getContract(tenantId, seen.customerId as string, seen.id)
                : await repo.getLead(tenantId, seen.id);
          if (!current || !differs(current)) break;
          const step =
            bucket === 'OPP'
              ? repo.saveOpportunityStep(
                  tenantId,
                  moved(current as repo.OpportunityRecord),
                  current as repo.OpportunityRecord,
                )
              : bucket === 'CONTRACT'
                ? repo.saveContractStep(
                    tenantId,
                    moved(current as repo.ContractRecord),
                    current as repo.ContractRecord,
                  )
                : repo.saveLeadStep(tenantId, moved(current as repo.LeadRecord), current as repo.LeadRecord);
          try {
            await repo.commit([step]);
            changed += 1;
            break;
          } catch (error) {
            if (!(error instanceof PreconditionFailed) || attempt === 5) throw error;
          }
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return changed;
}
