import type { Page } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import * as repo from './repository.ts';
import type { ApprovalListQuery, ApprovalSummary } from './schemas.ts';

/**
 * The caller's lists (我发起的, 待我审批, 我已审批, 抄送我的): each a Query of the caller's own entry
 * partition, newest first, reading what it returns. `status=` reads the status partition of the
 * list; the pending list holds pending requests only.
 */
export async function listApprovals(auth: Auth, q: ApprovalListQuery): Promise<Page<ApprovalSummary>> {
  if (q.view === 'pending' && q.status && q.status !== 'pending') return { items: [], nextCursor: null };
  return repo.listEntries(auth.tenantId, q.view, auth.userId, q.status, { limit: q.limit, cursor: q.cursor });
}

/** Badges stop here ("99+"): a count reads at most this many entries. */
export const COUNT_CAP = 100;

/** How many requests each of the caller's lists holds, up to COUNT_CAP. */
export async function counts(auth: Auth) {
  const [submitted, pending, handled, cc] = await Promise.all(
    (['submitted', 'pending', 'handled', 'cc'] as const).map((view) =>
      repo.countEntries(auth.tenantId, view, auth.userId, COUNT_CAP),
    ),
  );
  return { submitted, pending, handled, cc, cap: COUNT_CAP };
}

/** For the workbench (lib/office): how many requests wait for the user, up to COUNT_CAP. */
export const pendingCount = (auth: Pick<Auth, 'tenantId' | 'userId'>) =>
  repo.countEntries(auth.tenantId, 'pending', auth.userId, COUNT_CAP);

/** For the workbench (lib/office): the requests waiting for the user, the longest-waiting last. */
export const pendingForUser = (auth: Pick<Auth, 'tenantId' | 'userId'>, limit = 10) =>
  repo.listEntries(auth.tenantId, 'pending', auth.userId, undefined, { limit });
