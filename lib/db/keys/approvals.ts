// Approvals (lib/approvals): flow definitions and their versions, requests with their action log,
// comments, and the per-user list entries.

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * Flows: the head of each flow (its current version's definition) lives in one partition per tenant,
 * so the flow list is one Query; every version is kept immutable under the flow's own partition, and
 * a request names the version it runs on.
 *   flow heads            T#t#AFLOWS              <flowId>
 *   flow versions         T#t#AFLOW#<flowId>      V#<version, 6 digits>
 * Requests: one partition per request holds the request, its action log and its comments, so the
 * detail view is one Query. Actions are numbered in the key (never rewritten); a request's version
 * is the number of actions it has.
 *   request               T#t#APPR#<id>           REQ
 *   action n              T#t#APPR#<id>           ACT#<n, 6 digits>
 *   comment               T#t#APPR#<id>           CMT#<ULID>
 * Lists (我发起的 / 待我审批 / 我已审批 / 抄送我的): one entry item per request and user, written in the
 * request's transaction, carrying the request's summary (a page reads only what it returns). The
 * status partitions repeat submitted, handled and cc entries for `status=`.
 *   entry                 T#t#APPRL#<view>#<user>[#<status>]   <listAt ISO>#<requestId>
 */

export const flowHeadKey = (tenantId: string, flowId: string): Key => ({
  pk: `${t(tenantId)}${SEP}AFLOWS`,
  sk: flowId,
});
export const flowHeadsOf = (tenantId: string) => ({ pk: `${t(tenantId)}${SEP}AFLOWS` });

export const flowVersionKey = (tenantId: string, flowId: string, version: number): Key => ({
  pk: `${t(tenantId)}${SEP}AFLOW${SEP}${flowId}`,
  sk: `V${SEP}${String(version).padStart(6, '0')}`,
});

const requestPk = (tenantId: string, id: string) => `${t(tenantId)}${SEP}APPR${SEP}${id}`;
export const approvalKey = (tenantId: string, id: string): Key => ({
  pk: requestPk(tenantId, id),
  sk: 'REQ',
});
export const approvalActionKey = (tenantId: string, id: string, seq: number): Key => ({
  pk: requestPk(tenantId, id),
  sk: `ACT${SEP}${String(seq).padStart(6, '0')}`,
});
export const approvalCommentKey = (tenantId: string, id: string, commentId: string): Key => ({
  pk: requestPk(tenantId, id),
  sk: `CMT${SEP}${commentId}`,
});
export const approvalCommentsPrefix = (tenantId: string, id: string) => ({
  pk: requestPk(tenantId, id),
  skPrefix: `CMT${SEP}`,
});

export type ApprovalView = 'submitted' | 'pending' | 'handled' | 'cc';

/** A user's list, all statuses or one. */
export const approvalListPk = (tenantId: string, view: ApprovalView, userId: string, status?: string) =>
  `${t(tenantId)}${SEP}APPRL${SEP}${view}${SEP}${userId}${status ? `${SEP}${status}` : ''}`;

/** One list entry: newest first under a descending Query. */
export const approvalEntryKey = (
  tenantId: string,
  view: ApprovalView,
  userId: string,
  status: string | undefined,
  at: string,
  requestId: string,
): Key => ({ pk: approvalListPk(tenantId, view, userId, status), sk: `${at}${SEP}${requestId}` });

/**
 * Users whose role is exactly `rolePath` (a role's members, a superior's level), on the org's
 * usersBelow index: its sort key is `<rolePath>|<userId>`.
 */
export const usersInRoleQuery = (tenantId: string, rolePath: string) => ({
  index: 'usersBelow' as const,
  pk: `${t(tenantId)}${SEP}USERS`,
  skPrefix: `${rolePath}|`,
});

/** A request's actions, in order. */
export const approvalActionsPrefix = (tenantId: string, id: string) => ({
  pk: requestPk(tenantId, id),
  skPrefix: `ACT${SEP}`,
});

/** One approval request per contract: a guard written with the request, never removed. */
export const approvalContractGuardKey = (tenantId: string, contractId: string): Key => ({
  pk: `${t(tenantId)}${SEP}APPRCONTRACT${SEP}${contractId}`,
  sk: 'GUARD',
});
